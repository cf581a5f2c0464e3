using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Images;
using Pipeline.Lambda.Local.CloudWatch;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.FunctionUrls;

namespace Pipeline.Lambda.Local.Hosting;

/// <summary>
/// What runs behind the local Lambda's APIs, put together: the store, the execution environments on Docker, the
/// function URLs, the metrics, and the background work — updates completing, environments watched, alarms evaluated.
/// It starts them (adopting what a previous run left), takes them down, and stops them; the APIs' operations take the
/// parts they use, not the host.
/// </summary>
internal sealed class LocalLambdaHost : IStandInHost
{
    public const string LoggerName = "Pipeline.Lambda.Local";
    private const string LoopName = "Background loop";
    private readonly BackgroundWork background;
    private readonly DockerConnection docker;
    private readonly TimeSpan alarmInterval;
    private readonly FunctionContainers containers;
    private readonly AlarmEvaluator alarms;

    public LocalLambdaHost(LambdaLocalOptions options, ILoggerFactory loggers)
    {
        Logger = loggers.CreateLogger(LoggerName);
        background = new BackgroundWork(Logger);
        alarmInterval = TimeSpan.FromMilliseconds(Math.Clamp(options.Scaled(10).TotalMilliseconds / 2, 100, 5000));
        Directory.CreateDirectory(options.StateDirectory);
        Store = new LambdaStore(options.StateDirectory);
        Arns = new Arns(options.Region, options.Account);
        Verifier = new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System);
        docker = DockerConnection.Open(options.DockerEndpoint, TimeSpan.FromMinutes(5));
        Images = new ImageResolver(docker);
        containers = new FunctionContainers(docker, StateDirectoryId.Of(options.StateDirectory), options.Region);
        var metrics = new MetricStore();
        Queries = new MetricQueryEvaluator(metrics, options.SecondsPerMinute);
        alarms = new AlarmEvaluator(Queries);
        Invoker = new Invoker(Store, Arns, new EnvironmentServices(containers, loggers, Logger, options, background.Run), metrics);
        Urls = new FunctionUrlListeners(Invoker, Verifier, options, loggers, Logger);
    }

    public ILogger Logger { get; }

    public LambdaStore Store { get; }

    public Arns Arns { get; }

    public SigV4Verifier Verifier { get; }

    public ImageResolver Images { get; }

    public MetricQueryEvaluator Queries { get; }

    public Invoker Invoker { get; }

    public FunctionUrlListeners Urls { get; }

    /// <summary>Adopts the containers still running from before a restart, reopens the function URLs, and starts the background loops.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AdoptContainersAsync(cancellationToken);
        foreach (var (function, url) in Store.Read(d => d.Functions.Values.SelectMany(f => f.Urls.Values.Select(u => (f.Name, u))).ToList()))
        {
            int port;
            try
            {
                port = await Urls.OpenAsync(function, url, url.Port, cancellationToken);
            }
            catch (LambdaLocalException e)
            {
                Logger.LogWarning("{Message}; it gets another port", e.Message);
                port = await Urls.OpenAsync(function, url, 0, cancellationToken);
            }

            Store.Write(_ => url.Port = port);
        }

        background.Loop(LoopName, TimeSpan.FromMilliseconds(100), CompleteUpdates);
        background.Loop(LoopName, TimeSpan.FromMilliseconds(500), MonitorAsync);
        background.Loop(LoopName, alarmInterval, EvaluateAlarms);
    }

    /// <summary>Stops every environment and function URL and removes every container of this local Lambda; the state starts empty.</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        await background.StopAsync();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.StopAllAsync("The local Lambda was shut down (down)", cancellationToken);
        }

        await containers.RemoveAllAsync(cancellationToken);
        await Urls.DisposeAsync();
        Store.Write(d =>
        {
            d.Functions.Clear();
            d.Alarms.Clear();
        });
    }

    /// <summary>Stops the loops and the listeners; containers keep running for the next start on the same state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await background.StopAsync();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.DetachAllAsync();
        }

        await Urls.DisposeAsync();
        docker.Dispose();
        background.Dispose();
    }

    private Task CompleteUpdates(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        if (Store.Read(d => d.Functions.Values.Any(f => f.UpdateCompletesAt <= now)))
        {
            Store.Write(d =>
            {
                foreach (var function in d.Functions.Values.Where(f => f.UpdateCompletesAt <= now))
                {
                    var latest = function.Latest;
                    latest.State = "Active";
                    latest.StateReason = null;
                    latest.StateReasonCode = null;
                    latest.LastUpdateStatus = "Successful";
                    latest.LastUpdateStatusReason = null;
                    latest.LastUpdateStatusReasonCode = null;
                    latest.RevisionId = Guid.NewGuid().ToString();
                    function.UpdateCompletesAt = null;
                    function.Serving = null;
                    Logger.LogInformation("{Function}: update complete, $LATEST runs {Image}", function.Name, latest.ResolvedImageUri);
                }
            });
            Invoker.RetireStale();
        }

        return Task.CompletedTask;
    }

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var listedAt = DateTimeOffset.UtcNow;
        var running = (await containers.ListAsync(cancellationToken)).ToDictionary(c => c.ID, StringComparer.Ordinal);
        Invoker.RetireStale();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.MonitorAsync(running, listedAt, cancellationToken);
        }
    }

    private Task EvaluateAlarms(CancellationToken cancellationToken)
    {
        alarms.EvaluateAll(Store, DateTimeOffset.UtcNow, Logger);
        return Task.CompletedTask;
    }

    private async Task AdoptContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await containers.ListAsync(cancellationToken))
        {
            var labels = container.Labels;
            var config = container.State == "running"
                && labels.TryGetValue(FunctionContainers.FunctionLabel, out var function)
                && labels.TryGetValue(FunctionContainers.VersionLabel, out var version)
                && labels.TryGetValue(FunctionContainers.KeyLabel, out var key)
                    ? Invoker.CurrentConfig(function, version, key)
                    : null;
            if (config is null
                || !labels.TryGetValue(FunctionContainers.PortLabel, out var portText)
                || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                || !labels.TryGetValue(FunctionContainers.EnvironmentLabel, out var id))
            {
                await containers.RemoveAsync(container.ID, cancellationToken);
                continue;
            }

            await Invoker.PoolFor(labels[FunctionContainers.FunctionLabel], config).AdoptAsync(container.ID, id, port, cancellationToken);
        }
    }
}
