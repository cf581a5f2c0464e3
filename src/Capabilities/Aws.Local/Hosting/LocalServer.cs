using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// A stand-in's API running in this process on 127.0.0.1, its host behind it: started (host, control paths, API, info
/// file), then stopped once (the API, then the host, then the info file) or taken down (the host removes everything it
/// runs first). <see cref="Stopped"/> completes when it is over, also when stopped through the control path.
/// </summary>
internal sealed class LocalServer : IAsyncDisposable
{
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication app;
    private readonly LocalServerFiles files;
    private readonly IStandInHost host;
    private int stopping;

    private LocalServer(WebApplication app, LocalServerFiles files, IStandInHost host, ILoggerFactory loggers)
    {
        this.app = app;
        Loggers = loggers;
        this.files = files;
        this.host = host;
        Port = LoopbackWebApp.PortOf(app);
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
    }

    /// <summary>The port the API listens on (the one the system picked when asked for 0).</summary>
    public int Port { get; }

    /// <summary>The API endpoint, e.g. http://127.0.0.1:4599/.</summary>
    public Uri Endpoint { get; }

    public Task Stopped => stopped.Task;

    /// <summary>Where the server and its host log.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>
    /// Starts the host <paramref name="createHost"/> makes, then the API on 127.0.0.1:<paramref name="port"/>: the control
    /// paths and <paramref name="api"/> for every other request; writes the info file <paramref name="info"/> makes.
    /// Throws <paramref name="fail"/>'s one-line error when the port is taken.
    /// </summary>
    public static async Task<LocalServer> StartAsync<THost, TInfo>(
        LocalServerFiles files,
        int port,
        ILoggerFactory? loggers,
        Func<ILoggerFactory, THost> createHost,
        Func<THost, ILoggerFactory, RequestDelegate> api,
        Func<LocalServer, TInfo> info,
        Func<string, Exception, Exception> fail,
        CancellationToken cancellationToken)
        where THost : IStandInHost
        where TInfo : class, ILocalServerInfo
    {
        Directory.CreateDirectory(files.StateDirectory);
        var app = LoopbackWebApp.Create(files.StateDirectory, port, loggers);
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        var host = createHost(factory);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }

        LocalServer? server = null;
        LocalControl.Map(app, files, files.Name, down => down ? server!.DownAsync(CancellationToken.None) : server!.StopAsync(CancellationToken.None));
        app.MapFallback(api(host, factory));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await host.DisposeAsync();
            await app.DisposeAsync();
            throw fail($"{files.Name} cannot listen on 127.0.0.1:{port} ({e.Message.TrimEnd('.')}); stop what listens there or choose another --port", e);
        }

        server = new LocalServer(app, files, host, factory);
        DetachedServer.WriteInfo(files, info(server));
        return server;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopping, 1) == 1)
        {
            await stopped.Task;
            return;
        }

        try
        {
            await app.StopAsync(cancellationToken);
            await host.DisposeAsync();
            await app.DisposeAsync();
            File.Delete(files.InfoPath);
        }
        finally
        {
            stopped.TrySetResult();
        }
    }

    public async Task DownAsync(CancellationToken cancellationToken)
    {
        await host.DownAsync(cancellationToken);
        await StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
