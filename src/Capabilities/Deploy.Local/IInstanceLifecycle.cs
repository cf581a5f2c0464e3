using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// How a local platform runs one colour of a release on this machine — an OS process, a container: start it, look at
/// it, stop it, find it without current.json. What the colours share (the edge's traffic, readiness, current.json,
/// reconcile's choices) is <see cref="LocalPlatform"/>'s; this is the part that differs per platform.
/// </summary>
public interface IInstanceLifecycle
{
    /// <summary>The platform's name, as current.json records it: "process", "docker".</summary>
    string Platform { get; }

    /// <summary>
    /// Starts <see cref="InstanceStart.Release"/> on its colour and returns it once it listens on a known port, not yet
    /// ready. Leaves nothing behind when it throws.
    /// </summary>
    Task<IStartingInstance> StartAsync(InstanceStart start, CancellationToken cancellationToken);

    /// <summary>
    /// Why the recorded instance cannot run (gone, exited, failing its own health check), for a human; null when it
    /// runs (its readiness path is checked next). <paramref name="state"/> is null when current.json forgot the colour.
    /// </summary>
    Task<string?> ProblemAsync(ColourState? state, CancellationToken cancellationToken);

    /// <summary>
    /// Reconcile's look at a recorded instance before the serving colour is chosen: what runs of it now (a stopped
    /// container of the <paramref name="active"/> colour is started again), or nothing, with a line for the record.
    /// </summary>
    Task<InstanceCheck> CheckAsync(EdgeColour colour, ColourState state, bool active, CancellationToken cancellationToken);

    /// <summary>Stops and removes what runs <paramref name="colour"/> (the edge no longer sends it anything); returns how.</summary>
    Task<string> StopAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken);

    /// <summary>
    /// What of this environment exists on the machine, found without current.json (processes by command line and
    /// environment, containers by label), including instances that have stopped but still exist.
    /// </summary>
    Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Before reconcile looks at the instances: what they all need (the Docker platform's network and database).
    /// </summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>After reconcile or clean up settled <paramref name="state"/>: removes what no instance needs any more (old release copies).</summary>
    void Tidy(EnvironmentState state);
}
