using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Ecs.Local.Operations;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local;

/// <summary>
/// A local ECS running in this process: the ECS API on 127.0.0.1 and the engine behind it. <see cref="StopAsync"/> stops
/// the API and leaves tasks running (a restart on the same state directory finds them again); <see cref="DownAsync"/>
/// also stops every task and load balancer.
/// </summary>
public sealed class EcsLocalServer : IAsyncDisposable
{
    public const string InfoFileName = "ecs-local.json";
    public const string TokenFileName = "ecs-local.token";
    public const string LogFileName = "ecs-local.log";

    private readonly WebApplication app;
    private readonly EcsEngine engine;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int stopping;

    private EcsLocalServer(WebApplication app, EcsEngine engine, Uri endpoint)
    {
        this.app = app;
        this.engine = engine;
        Endpoint = endpoint;
    }

    /// <summary>The API endpoint, e.g. http://127.0.0.1:4599/ (for <c>aws --endpoint-url</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Completes when the server has stopped (also when stopped through its control path).</summary>
    public Task Stopped => stopped.Task;

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

        var protocol = new EcsProtocolHandler(
            OperationTable.For(engine),
            new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System),
            new ExchangeLog(options.ExchangeLog),
            logger);
        EcsLocalServer? server = null;
        LocalControl.Map(app, FilesOf(dir), "local ECS", down => down ? server!.DownAsync(CancellationToken.None) : server!.StopAsync(CancellationToken.None));
        app.MapFallback(protocol.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await engine.DisposeAsync();
            await app.DisposeAsync();
            throw new EcsLocalException($"the local ECS cannot listen on 127.0.0.1:{options.Port} ({e.Message.TrimEnd('.')}); stop what listens there or choose another --port", e);
        }

        var port = LoopbackWebApp.PortOf(app);
        server = new EcsLocalServer(app, engine, new Uri($"http://127.0.0.1:{port}/"));
        var info = new EcsLocalInfo(Environment.ProcessId, port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow);
        DetachedServer.WriteInfo(FilesOf(dir), info);
        logger.LogInformation("Local ECS listening on {Endpoint} (region {Region}, state in {Dir}, one API minute = {Seconds}s)", server.Endpoint, options.Region, dir, options.SecondsPerMinute);
        return server;
    }

    /// <summary>Stops the API; tasks and load balancers keep running for the next start on the same state directory.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref stopping, 1) == 1)
        {
            await stopped.Task;
            return;
        }

        try
        {
            await app.StopAsync(cancellationToken);
            await engine.DisposeAsync();
            await app.DisposeAsync();
            var info = Path.Combine(engine.Options.StateDirectory, InfoFileName);
            File.Delete(info);
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    /// <summary>Stops every task (their containers are removed) and every load balancer, then the API.</summary>
    public async Task DownAsync(CancellationToken cancellationToken = default)
    {
        await engine.DownAsync(cancellationToken);
        await StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The files that find a local ECS of <paramref name="stateDirectory"/> again.</summary>
    internal static LocalServerFiles FilesOf(string stateDirectory) =>
        new(Path.GetFullPath(stateDirectory), "the local ECS", InfoFileName, TokenFileName, LogFileName, "X-Local-Ecs-Token");
}

/// <summary>What a running local ECS writes to ecs-local.json in its state directory.</summary>
public sealed record EcsLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt) : ILocalServerInfo;
