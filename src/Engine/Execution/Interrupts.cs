using System.Runtime.InteropServices;

namespace Pipeline.Engine.Execution;

/// <summary>
/// Ctrl-C and SIGTERM while targets run: the first Ctrl-C cancels (a deploy rolls back), a second one ends the process
/// at once; SIGTERM cancels. Signals, not Console.CancelKeyPress: that event sets the terminal up first.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _interrupts;

    public Interrupts(CancellationTokenSource cancellation)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = Interlocked.Increment(ref _interrupts) == 1;
            cancellation.Cancel();
        });
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }
}
