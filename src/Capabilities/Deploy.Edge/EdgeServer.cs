using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Pipeline.Deploy.Edge;

/// <summary>The edge process: public, test and control listeners on 127.0.0.1 in one Kestrel server.</summary>
internal static class EdgeServer
{
    public static async Task RunAsync(EdgeOptions options, CancellationToken cancellationToken)
    {
        var dir = options.StateDirectory;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var token = TokenFile.LoadOrCreate(dir);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = dir, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffzzz ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHttpForwarder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.PublicPort);
            if (options.TestPort is { } testPort)
            {
                kestrel.Listen(IPAddress.Loopback, testPort);
            }

            kestrel.Listen(IPAddress.Loopback, options.ControlPort);
        });

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Deploy.Edge");
        var router = new Router(RouteStore.Load(dir));
        var metrics = new TrafficMetrics();
        await using var keeper = new ProcessKeeper(dir, colour => router.Current[colour]?.Address, logger);
        using var forwarding = new ForwardingHandler(app.Services.GetRequiredService<IHttpForwarder>(), router, metrics, keeper);
        EdgeInfo? info = null;
        var control = new ControlApi(options, () => info!, router, metrics, keeper, app.Lifetime, logger);

        app.MapWhen(
            context => context.Connection.LocalPort == options.PublicPort,
            branch => branch.Run(context => forwarding.HandleAsync(context, testListener: false)));
        if (options.TestPort is { } test)
        {
            app.MapWhen(
                context => context.Connection.LocalPort == test,
                branch => branch.Run(context => forwarding.HandleAsync(context, testListener: true)));
        }

        app.Use(async (context, next) =>
        {
            if (!TokenFile.Matches(token, context.Request.Headers.Authorization))
            {
                await ControlApi.Error(StatusCodes.Status401Unauthorized,
                    $"missing or wrong bearer token; the token is in {Path.Combine(dir, EdgeInfo.TokenFileName)}").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.UseRouting();
        control.Map(app);

        await app.StartAsync(cancellationToken);
        keeper.Start();
        var controlPort = options.ControlPort != 0 ? options.ControlPort : ActualControlPort(app, options);
        info = new EdgeInfo(Environment.ProcessId, options.PublicPort, options.TestPort, controlPort, DateTimeOffset.UtcNow)
        {
            SupervisorPid = int.TryParse(Environment.GetEnvironmentVariable(EdgeSupervisor.PidVariable), out var supervisor) ? supervisor : null,
            Restarts = int.TryParse(Environment.GetEnvironmentVariable(EdgeSupervisor.RestartsVariable), out var restarts) && restarts > 0 ? restarts : null,
            LastDeath = Environment.GetEnvironmentVariable(EdgeSupervisor.LastDeathVariable) is { Length: > 0 } death ? death : null,
        };
        WriteInfo(dir, info);
        logger.LogInformation(
            "Edge pid {Pid} listening: public 127.0.0.1:{Public}, test {Test}, control 127.0.0.1:{Control}; routes {Routes}",
            info.Pid, info.PublicPort, info.TestPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
            controlPort, router.Current);

        // A lost token or info file locks every client out of a healthy edge: SIGHUP writes both again.
        using var hangup = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            var restored = TokenFile.Restore(dir, token);
            WriteInfo(dir, info);
            logger.LogInformation("SIGHUP: {What}", restored ? "token and info files written again" : "info file written again");
        });
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            logger.LogInformation("Edge stopping: finishing in-flight requests");
            RemoveInfo(dir);
        });
        await app.WaitForShutdownAsync(cancellationToken);
        RemoveInfo(dir);
        logger.LogInformation("Edge stopped");
    }

    private static int ActualControlPort(WebApplication app, EdgeOptions options)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses
            .Select(a => new Uri(a).Port)
            .First(p => p != options.PublicPort && p != options.TestPort);
    }

    private static void WriteInfo(string dir, EdgeInfo info)
    {
        var path = Path.Combine(dir, EdgeInfo.FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(info, EdgeJson.Indented) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Removes edge.json if it still describes this process (a newer edge may have replaced it).</summary>
    private static void RemoveInfo(string dir)
    {
        var path = Path.Combine(dir, EdgeInfo.FileName);
        try
        {
            var current = JsonSerializer.Deserialize<EdgeInfo>(File.ReadAllText(path), EdgeJson.Options);
            if (current?.Pid == Environment.ProcessId)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // already gone
        }
    }
}
