using System.Runtime.InteropServices;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>How a stand-in's <c>serve</c> command lives: until its server stops (a stop request) or it gets SIGTERM or Ctrl-C.</summary>
internal static class ServerLifetime
{
    public static async Task WaitAsync(Task stopped)
    {
        using var signal = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            signal.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                signal.Cancel();
            });
            await Task.WhenAny(stopped, Task.Delay(Timeout.Infinite, signal.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
