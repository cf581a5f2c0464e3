using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Logs;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Ecs.Local.Hosting;
using Pipeline.Ecs.Local.Operations;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local;

/// <summary>
/// A local ECS running in this process: the ECS API (JSON 1.1), CloudWatch's (JSON 1.0, the load balancers' metrics
/// and the alarms deployments watch) and CloudWatch Logs' (JSON 1.1, what tasks logging through awslogs wrote) on one
/// 127.0.0.1 endpoint, and the host behind them. <see cref="StopAsync"/> stops the API and leaves tasks running (a
/// restart on the same state directory finds them again); <see cref="DownAsync"/> also stops every task and load balancer.
/// </summary>
public sealed class EcsLocalServer : IAsyncDisposable
{
    public const string InfoFileName = "ecs-local.json";
    public const string TokenFileName = "ecs-local.token";
    public const string LogFileName = "ecs-local.log";

    private const string LoggerName = "Pipeline.Ecs.Local";

    private EcsLocalServer(LocalServer running) => Running = running;

    /// <summary>The API endpoint, e.g. http://127.0.0.1:4599/ (for <c>aws --endpoint-url</c>).</summary>
    public Uri Endpoint => Running.Endpoint;

    /// <summary>Completes when the server has stopped (also when stopped through its control path).</summary>
    public Task Stopped => Running.Stopped;

    internal LocalServer Running { get; }

    /// <summary>Starts the API and the host behind it; throws <see cref="EcsLocalException"/> with one line when it cannot.</summary>
    public static async Task<EcsLocalServer> StartAsync(EcsLocalOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = FilesOf(options.StateDirectory);
        options = options with { StateDirectory = files.StateDirectory };
        var running = await LocalServer.StartAsync(
            files,
            options.Port,
            loggers,
            factory => new LocalEcsHost(options, factory.CreateLogger(LoggerName)),
            (host, factory) => Api(host, options, factory.CreateLogger(LoggerName)),
            server => new EcsLocalInfo(Environment.ProcessId, server.Port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow),
            (m, e) => new EcsLocalException(m, e),
            cancellationToken);
        running.Loggers.CreateLogger(LoggerName).LogInformation(
            "Local ECS, CloudWatch and CloudWatch Logs listening on {Endpoint} (region {Region}, state in {Dir}, one API minute = {Seconds}s)",
            running.Endpoint, options.Region, files.StateDirectory, options.SecondsPerMinute);
        return new EcsLocalServer(running);
    }

    /// <summary>Stops the API; tasks and load balancers keep running for the next start on the same state directory.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Running.StopAsync(cancellationToken);

    /// <summary>Stops every task (their containers are removed) and every load balancer, then the API.</summary>
    public Task DownAsync(CancellationToken cancellationToken = default) => Running.DownAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The files that find a local ECS of <paramref name="stateDirectory"/> again.</summary>
    internal static LocalServerFiles FilesOf(string stateDirectory) =>
        new(Path.GetFullPath(stateDirectory), "the local ECS", InfoFileName, TokenFileName, LogFileName, "X-Local-Ecs-Token");

    /// <summary>The three APIs on one endpoint, told apart by their X-Amz-Target.</summary>
    private static RequestDelegate Api(LocalEcsHost host, EcsLocalOptions options, ILogger logger)
    {
        var verifier = new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System);
        var log = new ExchangeLog(options.ExchangeLog);
        var ecs = new EcsProtocolHandler(OperationTable.For(host, options), verifier, log, new ResponseDrops(options.DropFirstResponseOf), logger);
        var cloudWatch = new CloudWatchHandler(new CloudWatchOperations(host.Store, options.Region, options.Account, host.CloudWatch.Queries).Table, verifier, log, logger);
        var logs = new LogsHandler(new LogsOperations(host.Logs, options.Region, options.Account, host.TaskLogs.RefreshAsync).Table, verifier, log, logger);
        return context =>
            CloudWatchHandler.Handles(context.Request) ? cloudWatch.HandleAsync(context)
            : LogsHandler.Handles(context.Request) ? logs.HandleAsync(context)
            : ecs.HandleAsync(context);
    }
}

/// <summary>What a running local ECS writes to ecs-local.json in its state directory.</summary>
public sealed record EcsLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt) : ILocalServerInfo;
