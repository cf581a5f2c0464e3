using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Images;
using Pipeline.Lambda.Local.CloudWatch;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.FunctionUrls;

namespace Pipeline.Lambda.Local.Hosting;

/// <summary>
/// The running local Lambda behind the APIs: the store, the execution environments on Docker, the function URLs, the
/// metrics, and the background work — updates completing, environments watched, alarms evaluated.
/// </summary>
internal sealed class LambdaEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, bool> background = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly DockerConnection docker;
    private readonly List<Task> loops = [];

    public LambdaEngine(LambdaLocalOptions options, ILoggerFactory loggers)
    {
        Options = options;
        Logger = loggers.CreateLogger("Pipeline.Lambda.Local");
        Directory.CreateDirectory(options.StateDirectory);
        Instance = InstanceOf(options.StateDirectory);
        Store = new LambdaStore(options.StateDirectory);
        Arns = new Arns(options.Region, options.Account);
        Verifier = new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System);
        docker = DockerConnection.Open(options.DockerEndpoint, TimeSpan.FromMinutes(5));
        Images = new ImageResolver(docker);
        Containers = new FunctionContainers(docker, Instance, options.Region);
        Metrics = new MetricStore();
        Queries = new MetricQueryEvaluator(Metrics, options.SecondsPerMinute);
        Alarms = new AlarmEvaluator(Queries);
        Invoker = new Invoker(Store, Arns, new EnvironmentServices(Containers, loggers, Logger, options, Run), Metrics);
        Urls = new FunctionUrlListeners(Invoker, Verifier, options, loggers, Logger);
    }

    public LambdaLocalOptions Options { get; }

    public ILogger Logger { get; }

    /// <summary>Names this local Lambda's containers (a hash of its state directory), so several can share one engine.</summary>
    public string Instance { get; }

    public LambdaStore Store { get; }

    public Arns Arns { get; }

    public SigV4Verifier Verifier { get; }

    public ImageResolver Images { get; }

    public FunctionContainers Containers { get; }

    public MetricStore Metrics { get; }

    public MetricQueryEvaluator Queries { get; }

    public AlarmEvaluator Alarms { get; }

    public Invoker Invoker { get; }

    public FunctionUrlListeners Urls { get; }

    public static string InstanceOf(string stateDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..16];

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

        loops.Add(Loop(TimeSpan.FromMilliseconds(100), CompleteUpdates));
        loops.Add(Loop(TimeSpan.FromMilliseconds(500), MonitorAsync));
        loops.Add(Loop(TimeSpan.FromMilliseconds(Math.Clamp(Options.Scaled(10).TotalMilliseconds / 2, 100, 5000)), EvaluateAlarms));
    }

    /// <summary>Runs background work that ends with the server; failures are logged.</summary>
    public void Run(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(
            async () =>
            {
                try
                {
                    await work(stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // the server is stopping
                }
                catch (Exception e)
                {
                    Logger.LogError(e, "Background work failed: {Message}", e.Message);
                }
            },
            CancellationToken.None);
        background[task] = true;
        task.ContinueWith(t => background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Stops the environments of a function (deleted) or of one of its versions.</summary>
    public async Task StopFunctionAsync(string function, string? version, CancellationToken cancellationToken)
    {
        foreach (var pool in Invoker.Pools.Where(p => p.FunctionName == function && (version is null || p.Config.Version == version)).ToList())
        {
            await pool.StopAllAsync($"The function {function} was deleted", cancellationToken);
        }

        Invoker.RetireStale();
    }

    /// <summary>Stops every environment and function URL and removes every container of this local Lambda; the state starts empty.</summary>
    public async Task DownAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.StopAllAsync("The local Lambda was shut down (down)", cancellationToken);
        }

        await RemoveContainersAsync(Containers, cancellationToken);
        await Urls.DisposeAsync();
        Store.Write(d =>
        {
            d.Functions.Clear();
            d.Alarms.Clear();
        });
    }

    /// <summary>Removes every container of an instance, found by label (also when no server or state directory is left).</summary>
    public static async Task RemoveContainersAsync(FunctionContainers containers, CancellationToken cancellationToken)
    {
        foreach (var container in await containers.ListAsync(cancellationToken))
        {
            await containers.RemoveAsync(container.ID, cancellationToken);
        }
    }

    /// <summary>Stops the loops and the listeners; containers keep running for the next start on the same state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.DetachAllAsync();
        }

        await Urls.DisposeAsync();
        docker.Dispose();
        stopping.Dispose();
    }

    private async Task StopLoopsAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        try
        {
            await Task.WhenAll([.. loops, .. background.Keys]).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // stopping: cancelled work is expected
        }
    }

    private Task Loop(TimeSpan every, Func<CancellationToken, Task> step) => Task.Run(
        async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await step(stopping.Token);
                    await Task.Delay(every, stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    Logger.LogWarning("Background loop: {Message}", e.Message);
                }
            }
        },
        CancellationToken.None);

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
        var containers = (await Containers.ListAsync(cancellationToken)).ToDictionary(c => c.ID, StringComparer.Ordinal);
        Invoker.RetireStale();
        foreach (var pool in Invoker.Pools.ToList())
        {
            await pool.MonitorAsync(containers, listedAt, cancellationToken);
        }
    }

    private Task EvaluateAlarms(CancellationToken cancellationToken)
    {
        Alarms.EvaluateAll(Store, DateTimeOffset.UtcNow, Logger);
        return Task.CompletedTask;
    }

    private async Task AdoptContainersAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await Containers.ListAsync(cancellationToken))
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
                await Containers.RemoveAsync(container.ID, cancellationToken);
                continue;
            }

            await Invoker.PoolFor(labels[FunctionContainers.FunctionLabel], config).AdoptAsync(container.ID, id, port, cancellationToken);
        }
    }
}
