using Microsoft.AspNetCore.Builder;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// How a stand-in's server ends: stop once (the API, then the engine behind it, then its info file), or down (the engine
/// removes everything it runs first); <see cref="Stopped"/> completes when it is over, also when stopped through the
/// control path.
/// </summary>
public sealed class LocalServerLifetime(WebApplication app, LocalServerFiles files, Func<ValueTask> disposeEngine, Func<CancellationToken, Task> downEngine)
{
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int stopping;

    public Task Stopped => stopped.Task;

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
            await disposeEngine();
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
        await downEngine(cancellationToken);
        await StopAsync(cancellationToken);
    }

    /// <summary>Starts the API; a port it cannot listen on is <paramref name="fail"/>'s one-line error, after <paramref name="cleanUp"/>.</summary>
    public static async Task StartAsync(WebApplication app, int port, string name, Func<ValueTask> cleanUp, Func<string, Exception, Exception> fail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(cleanUp);
        ArgumentNullException.ThrowIfNull(fail);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await cleanUp();
            await app.DisposeAsync();
            throw fail($"{name} cannot listen on 127.0.0.1:{port} ({e.Message.TrimEnd('.')}); stop what listens there or choose another --port", e);
        }
    }
}
