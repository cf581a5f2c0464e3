namespace Pipeline.Deploy.Edge;

/// <summary>Content of <c>&lt;state-dir&gt;/edge.json</c>, written by the edge once it listens and removed when it stops.</summary>
public sealed record EdgeInfo(int Pid, int PublicPort, int? TestPort, int ControlPort, DateTimeOffset StartedAt)
{
    /// <summary>The supervisor that starts the edge again when it dies, or null when none does.</summary>
    public int? SupervisorPid { get; init; }

    /// <summary>How many times the supervisor started the edge again (null: never), and why the last time.</summary>
    public int? Restarts { get; init; }

    /// <summary>How the edge before this one ended ("the edge exited with code 137 at 04:31:02Z"), or null.</summary>
    public string? LastDeath { get; init; }

    /// <summary>File name of the info file inside the state directory.</summary>
    public const string FileName = "edge.json";

    /// <summary>File name of the control token (mode 0600) inside the state directory.</summary>
    public const string TokenFileName = "edge.token";

    /// <summary>File name of the edge's log inside the state directory.</summary>
    public const string LogFileName = "edge.log";

    /// <summary>File name of the persisted route table inside the state directory (restored when the edge restarts).</summary>
    public const string RoutesFileName = "edge-routes.json";
}
