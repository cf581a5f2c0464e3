using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Process;

/// <summary>
/// A colour's process just started: it fails for good when it exits before it is ready; once ready, the edge starts it
/// again when it dies.
/// </summary>
internal sealed class StartingProcess(
    System.Diagnostics.Process process, EdgeColour colour, ColourState state, Release runs, long logOffset, TimeSpan stopGracePeriod, EdgeKeeping keeping)
    : IStartingInstance
{
    public ColourState State => state;

    public Release Runs => runs;

    public string Label => "";

    public Task<string?> FailureAsync(CancellationToken cancellationToken) =>
        Task.FromResult(process.HasExited ? $"exited with code {process.ExitCode} before it was ready: {Output()}" : null);

    public Task<string> LastOutputAsync(CancellationToken cancellationToken) => Task.FromResult(Output());

    /// <summary>Not before: a start that fails must show as never ready, not be started again and again.</summary>
    public Task ReadyAsync(CancellationToken cancellationToken) => keeping.KeepAsync(colour, process.Id, cancellationToken);

    public Task AbandonAsync(CancellationToken cancellationToken) =>
        OsProcess.StopAsync(process.Id, state.ProcessStartedAt, stopGracePeriod, cancellationToken);

    public void Dispose() => process.Dispose();

    /// <summary>This start's last lines (not an earlier start's, in the same log), and where the log is.</summary>
    private string Output() => $"{LogTail.Summary(state.LogFile!, logOffset, 4)} (log {state.LogFile})";
}
