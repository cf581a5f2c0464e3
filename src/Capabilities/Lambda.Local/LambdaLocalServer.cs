using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.Hosting;
using Pipeline.Lambda.Local.Operations;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local;

/// <summary>
/// A local Lambda running in this process: the Lambda (rest-json) and CloudWatch (JSON 1.0) APIs on one loopback
/// endpoint, and the host behind them. <see cref="StopAsync"/> leaves the execution environments' containers running
/// (a restart on the same state directory adopts them); <see cref="DownAsync"/> removes them and every function URL.
/// </summary>
public sealed class LambdaLocalServer : IAsyncDisposable
{
    public const string InfoFileName = "lambda-local.json";
    public const string TokenFileName = "lambda-local.token";
    public const string LogFileName = "lambda-local.log";

    private LambdaLocalServer(LocalServer running) => Running = running;

    /// <summary>The API endpoint of both services, e.g. http://127.0.0.1:4597/ (for <c>aws --endpoint-url</c>).</summary>
    public Uri Endpoint => Running.Endpoint;

    /// <summary>Completes when the server has stopped (also when stopped through its control path).</summary>
    public Task Stopped => Running.Stopped;

    internal LocalServer Running { get; }

    /// <summary>Starts the APIs and the host behind them; throws <see cref="LambdaLocalException"/> with one line when it cannot.</summary>
    public static async Task<LambdaLocalServer> StartAsync(LambdaLocalOptions options, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = FilesOf(options.StateDirectory);
        options = options with { StateDirectory = files.StateDirectory };
        var running = await LocalServer.StartAsync(
            files,
            options.Port,
            loggers,
            factory => new LocalLambdaHost(options, factory),
            (host, _) => Api(host, options),
            server => new LambdaLocalInfo(Environment.ProcessId, server.Port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow),
            (m, e) => new LambdaLocalException(m, e),
            cancellationToken);
        running.Loggers.CreateLogger(LocalLambdaHost.LoggerName).LogInformation(
            "Local Lambda and CloudWatch listening on {Endpoint} (region {Region}, state in {Dir}, one CloudWatch minute = {Seconds}s)",
            running.Endpoint, options.Region, files.StateDirectory, options.SecondsPerMinute);
        return new LambdaLocalServer(running);
    }

    /// <summary>Stops the APIs; the execution environments' containers keep running for the next start on the same state directory.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Running.StopAsync(cancellationToken);

    /// <summary>Removes every execution environment's container and every function URL, forgets all functions and alarms, then stops.</summary>
    public Task DownAsync(CancellationToken cancellationToken = default) => Running.DownAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>The files that find a local Lambda of <paramref name="stateDirectory"/> again.</summary>
    internal static LocalServerFiles FilesOf(string stateDirectory) =>
        new(Path.GetFullPath(stateDirectory), "the local Lambda", InfoFileName, TokenFileName, LogFileName, "X-Local-Lambda-Token");

    /// <summary>The two APIs on one endpoint: CloudWatch's by its X-Amz-Target, Lambda's by its paths.</summary>
    private static RequestDelegate Api(LocalLambdaHost host, LambdaLocalOptions options)
    {
        var log = new ExchangeLog(options.ExchangeLog);
        var lambda = new RestJsonHandler(OperationTable.For(host, options), host.Verifier, log, host.Logger);
        var cloudWatch = new CloudWatchHandler(new CloudWatchOperations(host.Store, host.Arns.Region, host.Arns.Account, host.Queries).Table, host.Verifier, log, host.Logger);
        return context => CloudWatchHandler.Handles(context.Request) ? cloudWatch.HandleAsync(context) : lambda.HandleAsync(context);
    }
}

/// <summary>What a running local Lambda writes to lambda-local.json in its state directory.</summary>
public sealed record LambdaLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt) : ILocalServerInfo;
