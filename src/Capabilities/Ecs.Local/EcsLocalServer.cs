using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Logs;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Ecs.Local.Operations;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local;

/// <summary>
/// A local ECS running in this process: the ECS API (JSON 1.1), CloudWatch's (JSON 1.0, the load balancers' metrics
/// and the alarms deployments watch) and CloudWatch Logs' (JSON 1.1, what tasks logging through awslogs wrote) on one 127.0.0.1 endpoint, and the engine behind them. <see cref="StopAsync"/> stops
/// the API and leaves tasks running (a restart on the same state directory finds them again); <see cref="DownAsync"/>
/// also stops every task and load balancer.
/// </summary>
public sealed class EcsLocalServer : IAsyncDisposable
{
    public const string InfoFileName = "ecs-local.json";
    public const string TokenFileName = "ecs-local.token";
    public const string LogFileName = "ecs-local.log";

    private readonly LocalServerLifetime lifetime;

    private EcsLocalServer(WebApplication app, EcsEngine engine, Uri endpoint)
    {
        lifetime = new LocalServerLifetime(app, FilesOf(engine.Options.StateDirectory), engine.DisposeAsync, engine.DownAsync);
        Endpoint = endpoint;
    }

    /// <summary>The API endpoint, e.g. http://127.0.0.1:4599/ (for <c>aws --endpoint-url</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Completes when the server has stopped (also when stopped through its control path).</summary>
    public Task Stopped => lifetime.Stopped;

    /// <summary>Starts the API and the engine; throws <see cref="EcsLocalException"/> with one line when it cannot.</summary>
    public static async Task<EcsLocalServer> StartAsync(EcsLocalOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(dir);
        options = options with { StateDirectory = dir };
        var app = LoopbackWebApp.Create(dir, options.Port, loggers);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Ecs.Local");
        var engine = new EcsEngine(options, logger);
        try
        {
            await engine.StartAsync(cancellationToken);
        }
        catch
        {
            await engine.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }

        var verifier = new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System);
        var log = new ExchangeLog(options.ExchangeLog);
        var protocol = new EcsProtocolHandler(OperationTable.For(engine), verifier, log, new ResponseDrops(options.DropFirstResponseOf), logger);
        var cloudWatch = new CloudWatchHandler(
            new CloudWatchOperations(engine.Store, options.Region, options.Account, engine.Queries).Table, verifier, log, logger);
        var logs = new LogsHandler(new LogsOperations(engine.Logs, options.Region, options.Account, engine.TaskLogs.RefreshAsync).Table, verifier, log, logger);
        EcsLocalServer? server = null;
        LocalControl.Map(app, FilesOf(dir), "local ECS", down => down ? server!.DownAsync(CancellationToken.None) : server!.StopAsync(CancellationToken.None));
        app.MapFallback((HttpContext context) =>
            CloudWatchHandler.Handles(context.Request) ? cloudWatch.HandleAsync(context)
            : LogsHandler.Handles(context.Request) ? logs.HandleAsync(context)
            : protocol.HandleAsync(context));
        await LocalServerLifetime.StartAsync(app, options.Port, "the local ECS", engine.DisposeAsync, (m, e) => new EcsLocalException(m, e), cancellationToken);

        var port = LoopbackWebApp.PortOf(app);
        server = new EcsLocalServer(app, engine, new Uri($"http://127.0.0.1:{port}/"));
        var info = new EcsLocalInfo(Environment.ProcessId, port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow);
        DetachedServer.WriteInfo(FilesOf(dir), info);
        logger.LogInformation("Local ECS, CloudWatch and CloudWatch Logs listening on {Endpoint} (region {Region}, state in {Dir}, one API minute = {Seconds}s)", server.Endpoint, options.Region, dir, options.SecondsPerMinute);
        return server;
    }

    /// <summary>Stops the API; tasks and load balancers keep running for the next start on the same state directory.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => lifetime.StopAsync(cancellationToken);

    /// <summary>Stops every task (their containers are removed) and every load balancer, then the API.</summary>
    public Task DownAsync(CancellationToken cancellationToken = default) => lifetime.DownAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The files that find a local ECS of <paramref name="stateDirectory"/> again.</summary>
    internal static LocalServerFiles FilesOf(string stateDirectory) =>
        new(Path.GetFullPath(stateDirectory), "the local ECS", InfoFileName, TokenFileName, LogFileName, "X-Local-Ecs-Token");
}

/// <summary>What a running local ECS writes to ecs-local.json in its state directory.</summary>
public sealed record EcsLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt) : ILocalServerInfo;
