using System.Text.Json.Serialization;

namespace Pipeline.Deploy.Edge;

/// <summary>What <c>GET /state</c> answers: who the edge is, its routes and live counters.</summary>
/// <param name="Pid">Process id of the edge.</param>
/// <param name="PublicPort">The stable loopback port users call.</param>
/// <param name="TestPort">The test listener's port, or null.</param>
/// <param name="ControlPort">The control port.</param>
/// <param name="StartedAt">When the edge started listening.</param>
/// <param name="Routes">The current route table.</param>
/// <param name="Sequence">Sequence number of the last completed public request (see <see cref="EdgeMetrics"/>).</param>
/// <param name="Colours">Live counters per colour, blue first.</param>
public sealed record EdgeState(
    int Pid,
    int PublicPort,
    int? TestPort,
    int ControlPort,
    DateTimeOffset StartedAt,
    RouteTable Routes,
    long Sequence,
    IReadOnlyList<ColourStatus> Colours)
{
    /// <summary>The supervisor that starts the edge again when it dies, or null when none does.</summary>
    public int? SupervisorPid { get; init; }

    /// <summary>How many times the supervisor started the edge again (null: never).</summary>
    public int? Restarts { get; init; }

    /// <summary>How the edge before this one ended, or null.</summary>
    public string? LastDeath { get; init; }

    /// <summary>The colours' processes the edge keeps running (the Process platform's), or null when it keeps none.</summary>
    public IReadOnlyList<KeptProcess>? Kept { get; init; }

    /// <summary>The public URL, e.g. http://127.0.0.1:8080/.</summary>
    [JsonIgnore]
    public Uri PublicUrl => new($"http://127.0.0.1:{PublicPort}/");

    /// <summary>The test listener's URL, or null.</summary>
    [JsonIgnore]
    public Uri? TestUrl => TestPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : null;
}

/// <summary>Counters of one colour since the edge started.</summary>
public sealed record ColourStatus(EdgeColour Colour, int InFlight, long Requests, long Errors);
