using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dir, Args = [] });
        builder.Logging.ClearProviders();
        if (loggers is null)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
            });
        }
        else
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
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

        var token = LoadOrCreateToken(dir);
        var protocol = new EcsProtocolHandler(
            OperationTable.For(engine),
            new SigV4Verifier(options.AccessKey, options.SecretKey, options.Region, TimeProvider.System),
            new ExchangeLog(options.ExchangeLog),
            new ResponseDrops(options.DropFirstResponseOf),
            logger);
        EcsLocalServer? server = null;
        app.MapPost("/_local/shutdown", async (HttpContext context, bool? down) =>
        {
            if (context.Request.Headers["X-Local-Ecs-Token"] != token)
            {
                return Results.Unauthorized();
            }

            _ = Task.Run(() => down == true ? server!.DownAsync(CancellationToken.None) : server!.StopAsync(CancellationToken.None));
            await Task.CompletedTask;
            return Results.Ok();
        });
        app.MapGet("/_local/ping", () => Results.Text("local ECS\n"));
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

        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        server = new EcsLocalServer(app, engine, new Uri($"http://127.0.0.1:{port}/"));
        var info = new EcsLocalInfo(Environment.ProcessId, port, server.Endpoint.ToString(), options.Region, DateTimeOffset.UtcNow);
        File.WriteAllText(Path.Combine(dir, InfoFileName), JsonSerializer.Serialize(info, EcsJson.Indented) + "\n");
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

    internal static string LoadOrCreateToken(string dir)
    {
        var path = Path.Combine(dir, TokenFileName);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }
}

/// <summary>What a running local ECS writes to ecs-local.json in its state directory.</summary>
public sealed record EcsLocalInfo(int Pid, int Port, string Endpoint, string Region, DateTimeOffset StartedAt);
