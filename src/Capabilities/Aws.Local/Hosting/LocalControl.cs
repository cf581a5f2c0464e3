using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>The control paths of a stand-in's API: a ping that says it runs, and a stop (or down) guarded by its token.</summary>
internal static class LocalControl
{
    /// <summary>
    /// Maps <c>GET /_local/ping</c> (answers <paramref name="pingText"/>) and <c>POST /_local/shutdown?down=</c>, which
    /// needs the token in <see cref="LocalServerFiles.TokenHeader"/> and runs <paramref name="shutdown"/> (true: down) in the background.
    /// </summary>
    public static void Map(WebApplication app, LocalServerFiles files, string pingText, Func<bool, Task> shutdown)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(files);
        var token = DetachedServer.LoadOrCreateToken(files);
        app.MapPost("/" + DetachedServer.ShutdownPath, (HttpContext context, bool? down) =>
        {
            if (context.Request.Headers[files.TokenHeader] != token)
            {
                return Results.Unauthorized();
            }

            _ = Task.Run(() => shutdown(down == true));
            return Results.Ok();
        });
        app.MapGet("/" + DetachedServer.PingPath, () => Results.Text(pingText + "\n"));
    }
}
