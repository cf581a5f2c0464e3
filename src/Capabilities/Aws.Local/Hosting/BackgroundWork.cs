using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// The work a stand-in runs behind its API — one-off jobs and loops — all ending with the server: <see cref="StopAsync"/>
/// cancels them and waits (bounded) for them to finish. Failures are logged, never thrown to the API.
/// </summary>
internal sealed class BackgroundWork(ILogger logger) : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Task, bool> running = new();
    private readonly CancellationTokenSource stopping = new();

    /// <summary>Cancelled when the server stops.</summary>
    public CancellationToken Stopping => stopping.Token;

    /// <summary>Runs <paramref name="work"/> once in the background; a failure is logged as an error.</summary>
    public void Run(Func<CancellationToken, Task> work) => Track(Task.Run(
        async () =>
        {
            try
            {
                await work(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // the server is stopping
            }
            catch (Exception e)
            {
                logger.LogError(e, "Background work failed: {Message}", e.Message);
            }
        },
        CancellationToken.None));

    /// <summary>Runs <paramref name="step"/> every <paramref name="every"/> until the server stops; a failed step is logged as a warning named <paramref name="name"/>.</summary>
    public void Loop(string name, TimeSpan every, Func<CancellationToken, Task> step) => Track(Task.Run(
        async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    await step(stopping.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    logger.LogWarning("{Name}: {Message}", name, e.Message);
                }

                try
                {
                    await Task.Delay(every, stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        },
        CancellationToken.None));

    /// <summary>Cancels the work and waits for it to end (at most 30 s); calling it again only waits.</summary>
    public async Task StopAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        try
        {
            await Task.WhenAll(running.Keys.ToList()).WaitAsync(StopWait);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // stopping: cancelled work is expected
        }
    }

    public void Dispose() => stopping.Dispose();

    private void Track(Task task)
    {
        running[task] = true;
        task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }
}
