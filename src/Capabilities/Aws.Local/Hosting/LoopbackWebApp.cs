using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>A slim ASP.NET Core app that listens on 127.0.0.1 only: what a stand-in serves its API and its other listeners with.</summary>
public static class LoopbackWebApp
{
    /// <summary>
    /// An app on 127.0.0.1:<paramref name="port"/> (0: the system picks). Without <paramref name="loggers"/> it logs one
    /// line per entry to the console; ASP.NET Core's own logs only from warnings up.
    /// </summary>
    public static WebApplication Create(string contentRoot, int port, ILoggerFactory? loggers = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, Args = [] });
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
            k.Listen(IPAddress.Loopback, port);
        });
        return builder.Build();
    }

    /// <summary>The port a started app listens on (the one the system picked when asked for 0).</summary>
    public static int PortOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }
}
