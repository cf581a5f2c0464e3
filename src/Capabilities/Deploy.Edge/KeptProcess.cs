namespace Pipeline.Deploy.Edge;

/// <summary>
/// A colour's OS process the edge keeps running (the Process platform's instances), as <c>GET /state</c> shows it: the
/// edge starts it again, with the same command, folder, environment and log, when it dies.
/// </summary>
/// <param name="Colour">The colour it serves.</param>
/// <param name="Pid">The process running now (after a restart, the new one).</param>
/// <param name="Restarts">How many times the edge started it again.</param>
/// <param name="LastRestartAt">When the edge last started it again, or null.</param>
/// <param name="LastDeath">How the process before the last restart ended ("pid 4242 was gone", "exited with code 134"), or null.</param>
/// <param name="Problem">Why the edge no longer restarts it (it keeps dying, it died while the edge was down), or null.</param>
public sealed record KeptProcess(
    EdgeColour Colour, int Pid, int Restarts, DateTimeOffset? LastRestartAt, string? LastDeath, string? Problem);
