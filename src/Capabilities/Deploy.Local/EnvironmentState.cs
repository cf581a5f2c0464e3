using System.Globalization;

namespace Pipeline.Deploy.Local;

/// <summary>
/// <c>current.json</c>: what a local platform believes runs in the environment. RECONCILE_SERVICE checks it against
/// reality (live pids, the edge's routes) before every deploy.
/// </summary>
public sealed record EnvironmentState
{
    /// <summary>The platform that wrote it: "process" or "docker".</summary>
    public string Platform { get; init; } = "";

    /// <summary>"blue" or "green": the colour serving production, or null before the first deploy.</summary>
    public string? ActiveColour { get; init; }

    /// <summary>The colours with something running (or believed to run), by colour name.</summary>
    public IReadOnlyDictionary<string, ColourState> Colours { get; init; } = new Dictionary<string, ColourState>();

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A copy with <paramref name="colour"/> set (null removes it).</summary>
    public EnvironmentState With(string colour, ColourState? state)
    {
        var colours = new SortedDictionary<string, ColourState>(Colours.ToDictionary(), StringComparer.Ordinal);
        if (state is null)
        {
            colours.Remove(colour);
        }
        else
        {
            colours[colour] = state;
        }

        return this with { Colours = colours };
    }
}

/// <summary>One colour's running revision.</summary>
/// <param name="Version">The version it runs.</param>
/// <param name="Source">The durable release it runs from (the environment's releases/ copy).</param>
/// <param name="Port">The loopback port it listens on.</param>
/// <param name="Pid">Its process id (Process platform).</param>
/// <param name="ProcessStartedAt">The process's start time, to tell it from a later process reusing the pid.</param>
/// <param name="Phase">"starting", "candidate" (started, not yet serving all traffic) or "active".</param>
/// <param name="GitSha">The commit, when known.</param>
/// <param name="LogFile">Where its output goes.</param>
/// <param name="ContainerId">The container (Docker platform), when it runs in one.</param>
public sealed record ColourState(
    string Version,
    string Source,
    int Port,
    int? Pid,
    DateTimeOffset? ProcessStartedAt,
    string Phase,
    string? GitSha = null,
    string? LogFile = null,
    string? ContainerId = null)
{
    public const string Starting = "starting";
    public const string Candidate = "candidate";
    public const string Active = "active";

    /// <summary>"pid 4242" or "container 3f2a9c1d0b7e".</summary>
    internal string RuntimeText() => this switch
    {
        { Pid: { } pid } => string.Create(CultureInfo.InvariantCulture, $"pid {pid}"),
        { ContainerId: { } id } => $"container {id[..Math.Min(12, id.Length)]}",
        _ => "not running",
    };

    /// <summary>Whether <paramref name="other"/> describes the same process or container (not merely the same colour).</summary>
    internal bool SameRuntimeAs(ColourState other) =>
        (Pid is { } pid && pid == other.Pid) || (ContainerId is { } id && id == other.ContainerId);

    /// <summary>Where the edge reaches it: <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    internal Uri Address => Loopback.Address(Port);
}
