using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.Hosting;
using Pipeline.Lambda.Local.Operations;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local;

/// <summary>
/// A local Lambda running in this process: the Lambda (rest-json) and CloudWatch (JSON 1.0) APIs on one loopback
/// endpoint, and the engine behind them. <see cref="StopAsync"/> leaves the execution environments' containers running
/// (a restart on the same state directory adopts them); <see cref="DownAsync"/> removes them and every function URL.
/// </summary>
public sealed class LambdaLocalServer : IAsyncDisposable
{
    public const string InfoFileName = "lambda-local.json";
    public const string TokenFileName = "lambda-local.token";
    public const string LogFileName = "lambda-local.log";

    private readonly LocalServerLifetime lifetime;

    private LambdaLocalServer(WebApplication app, LambdaEngine engine, Uri endpoint)
    {
        lifetime = new LocalServerLifetime(app, FilesOf(engine.Options.StateDirectory), engine.DisposeAsync, engine.DownAsync);
        Endpoint = endpoint;
    }

    /// <summary>The API endpoint of both services, e.g. http://127.0.0.1:4597/ (for <c>aws --endpoint-url</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Completes when the server has stopped (also when stopped through its control path).</summary>
    public Task Stopped => lifetime.Stopped;

    /// <summary>Starts the APIs and the engine; throws <see cref="LambdaLocalException"/> with one line when it cannot.</summary>
    public static async Task<LambdaLocalServer> StartAsync(LambdaLocalOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(dir);
        options = options with { StateDirectory = dir };
        var app = LoopbackWebApp.Create(dir, options.Port, loggers);
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        var engine = new LambdaEngine(options, factory);
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

        var log = new ExchangeLog(options.ExchangeLog);
        var lambda = new RestJsonHandler(OperationTable.For(engine), engine.Verifier, log, engine.Logger);
        var cloudWatch = new CloudWatchHandler(new Aws.Local.CloudWatch.CloudWatchOperations(engine.Store, engine.Arns.Region, engine.Arns.Account, engine.Queries).Table, engine.Verifier, log, engine.Logger);
        LambdaLocalServer? server = null;
        LocalControl.Map(app, FilesOf(dir), "local Lambda", down => down ? server!.DownAsync(CancellationToken.None) : server!.StopAsync(CancellationToken.None));
        app.MapFallback((HttpContext context) => CloudWatchHandler.Handles(context.Request) ? cloudWatch.HandleAsync(context) : lambda.HandleAsync(context));
        await LocalServerLifetime.StartAsync(app, options.Port, "the local Lambda", engine.DisposeAsync, (m, e) => new LambdaLocalException(m, e), cancellationToken);

        var port = LoopbackWebApp.PortOf(app);
        server = new LambdaLocalServer(app, engine, new Uri($"http://127.0.0.1:{port}/"));
        DetachedServer.WriteInfo(FilesOf(dir), new LambdaLocalInfo(Environment.ProcessId, port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow));
        engine.Logger.LogInformation(
            "Local Lambda and CloudWatch listening on {Endpoint} (region {Region}, state in {Dir}, one CloudWatch minute = {Seconds}s)",
            server.Endpoint, options.Region, dir, options.SecondsPerMinute);
        return server;
    }

    /// <summary>Stops the APIs; the execution environments' containers keep running for the next start on the same state directory.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => lifetime.StopAsync(cancellationToken);

    /// <summary>Removes every execution environment's container and every function URL, forgets all functions and alarms, then stops.</summary>
    public Task DownAsync(CancellationToken cancellationToken = default) => lifetime.DownAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The files that find a local Lambda of <paramref name="stateDirectory"/> again.</summary>
    internal static LocalServerFiles FilesOf(string stateDirectory) =>
        new(Path.GetFullPath(stateDirectory), "the local Lambda", InfoFileName, TokenFileName, LogFileName, "X-Local-Lambda-Token");
}

/// <summary>What a running local Lambda writes to lambda-local.json in its state directory.</summary>
public sealed record LambdaLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt) : ILocalServerInfo;
