using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// A platform that runs one instance per colour (blue, green) on a loopback port behind the environment's edge proxy,
/// and performs the deploy stages itself. It composes what the Process and Docker platforms share — traffic at the
/// edge (<see cref="EdgeTraffic"/>), readiness (<see cref="Readiness"/>), current.json and reconcile — with the part
/// that differs: how an instance of a release is started, looked at and stopped (an <see cref="IInstanceLifecycle"/>).
/// The platforms' own classes only choose their instance lifecycle and add their commands (Down, the database).
/// </summary>
public class LocalPlatform : IDeploymentPlatform
{
    private readonly IReadOnlyDictionary<string, string> variables;
    private readonly Readiness readiness;
    private readonly ILogger logger;

    /// <param name="folder">The folder of the environment whose edge and current.json the platform drives.</param>
    /// <param name="instances">How the platform runs an instance.</param>
    /// <param name="readiness">When an instance is ready (its readiness path answers 2xx).</param>
    /// <param name="drainTimeout">How long an instance leaving the edge may finish its in-flight requests.</param>
    /// <param name="variables">The platform's declared environment variables for every instance.</param>
    /// <param name="logger">Where the platform logs.</param>
    public LocalPlatform(
        LocalEnvironmentFolder folder, IInstanceLifecycle instances, Readiness readiness, TimeSpan drainTimeout,
        IReadOnlyDictionary<string, string> variables, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(logger);
        Folder = folder;
        Instances = instances;
        this.variables = variables;
        this.logger = logger;
        this.readiness = readiness;
        Edge = new EdgeTraffic(folder, drainTimeout, logger);
    }

    public string Name => Instances.Platform;

    /// <summary>The environment's folder: the edge, current.json, logs and releases the platform drives.</summary>
    internal LocalEnvironmentFolder Folder { get; }

    internal IInstanceLifecycle Instances { get; }

    internal EdgeTraffic Edge { get; }

    public Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken) =>
        new Reconciliation(Folder, Instances, Edge, readiness).RunAsync(cancellationToken);

    public async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        await Edge.ConnectAsync(cancellationToken);
        var (colour, state) = await FreeNextColourAsync(cancellationToken);
        var start = new InstanceStart(release, colour, VariablesOf(release, colour), state);
        using var instance = await Instances.StartAsync(start, cancellationToken);
        Folder.WriteState(state.With(colour.ToText(), instance.State));
        try
        {
            await readiness.WaitAsync(instance, start.Title, healthTimeout, cancellationToken);
            await instance.ReadyAsync(cancellationToken);
        }
        catch
        {
            await instance.AbandonAsync(CancellationToken.None);
            Folder.WriteState(Folder.ReadState().With(colour.ToText(), null));
            throw;
        }

        var candidate = instance.State with { Phase = ColourState.Candidate };
        Folder.WriteState(Folder.ReadState().With(colour.ToText(), candidate));
        return new Revision(colour.ToText(), instance.Runs, candidate.Address);
    }

    public Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return Edge.ShiftTestAsync(ColourOf(revision), revision.Address!, revision.Release.Version, cancellationToken);
    }

    public Task ShiftProductionTrafficAsync(
        Revision revision, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(stepCompleted);
        return Edge.ShiftProductionAsync(ColourOf(revision), shift, stepCompleted, cancellationToken);
    }

    public Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken) => Edge.MarkAsync(cancellationToken);

    public async Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var colour = ColourOf(revision);
        var metrics = await Edge.MetricsAsync(colour, mark, cancellationToken);
        var state = Folder.ReadState().Colours.GetValueOrDefault(colour.ToText());
        var detail = await ColourProblemAsync(state, cancellationToken);
        return new RevisionHealth(detail is null, metrics.Requests, metrics.Errors, TimeSpan.FromMilliseconds(metrics.P99Ms), detail);
    }

    /// <summary>CLEAN_UP: the new colour is the active one; the old one drains and stops; what no instance needs goes.</summary>
    public async Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        await Edge.ConnectAsync(cancellationToken);
        var colour = ColourOf(revision);
        var state = Folder.ReadState();
        var recorded = state.Colours.GetValueOrDefault(colour.ToText())
            ?? throw new DeployException($"{colour.ToText()} is missing from {Folder.Directory}/current.json") { Remedy = DeployRemedy.Deploy };
        state = state.With(colour.ToText(), recorded with { Phase = ColourState.Active }) with { ActiveColour = colour.ToText() };
        Folder.WriteState(state);

        await Edge.KeepTestOnAsync(colour, cancellationToken);
        if (state.Colours.TryGetValue(colour.Other().ToText(), out var old))
        {
            await StopColourAsync(colour.Other(), old, drain: true, cancellationToken);
        }

        Instances.Tidy(Folder.ReadState());
        return previous is null ? "nothing to clean up" : $"stopped {previous.Release.Version} on {previous.Id}";
    }

    public async Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var state = Folder.ReadState();
        EdgeColour? back = previous is null ? null : ColourOf(previous);
        EdgeColour? failedColour = failed is null ? null : ColourOf(failed);
        var backState = back is { } b ? state.Colours.GetValueOrDefault(b.ToText()) : null;

        // One atomic switch puts every new request back on the previous colour; the failed one then drains.
        var routes = await Edge.SwitchBackAsync(back, backState, failedColour, cancellationToken);
        logger.LogInformation("Traffic back on {Colour} after {Ms} ms: {Routes}", back?.ToText() ?? "nothing", clock.ElapsedMilliseconds, routes);

        if (failedColour is { } f && state.Colours.TryGetValue(f.ToText(), out var failedState))
        {
            await StopColourAsync(f, failedState, drain: back is not null, cancellationToken);
        }
    }

    /// <summary>
    /// What of this environment runs on the machine, found without current.json (processes by command line and
    /// environment, containers by label), including instances that have stopped but still exist.
    /// </summary>
    public Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken) => Instances.DiscoverAsync(cancellationToken);

    /// <summary>
    /// The environment's state checked against what runs: current.json when readable (adopting a running instance it
    /// forgot), otherwise rebuilt from the instances found running, the active colour being the one
    /// <paramref name="routes"/> favour. Writes nothing.
    /// </summary>
    public Task<ObservedState> ObserveAsync(RouteTable routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return Observation.ObserveAsync(Folder, Instances, routes, cancellationToken);
    }

    /// <summary>
    /// Why the colour <paramref name="state"/> describes cannot serve (its instance is gone or failing, or it does not
    /// answer its readiness path); null when it serves.
    /// </summary>
    public async Task<string?> ColourProblemAsync(ColourState? state, CancellationToken cancellationToken)
    {
        if (await Instances.ProblemAsync(state, cancellationToken) is { } problem)
        {
            return problem;
        }

        return state is not null && await readiness.CheckAsync(state.Port, cancellationToken) is { } answer ? $"{readiness.Path} {answer}" : null;
    }

    internal static Revision RevisionOf(EdgeColour colour, ColourState state) =>
        new(colour.ToText(), new Release(state.Version, state.Source, state.GitSha), state.Address);

    /// <summary>
    /// The colour the next revision runs on (the other one than the active; blue at first), with whatever a crashed
    /// deploy left on it stopped. Returns the environment state after that.
    /// </summary>
    private async Task<(EdgeColour Colour, EnvironmentState State)> FreeNextColourAsync(CancellationToken cancellationToken)
    {
        var state = Folder.ReadState();
        var colour = EdgeColours.TryParse(state.ActiveColour, out var active) ? active.Value.Other() : EdgeColour.Blue;
        if (state.Colours.TryGetValue(colour.ToText(), out var leftover))
        {
            await StopColourAsync(colour, leftover, drain: false, cancellationToken);
            state = Folder.ReadState();
        }

        return (colour, state);
    }

    /// <summary>
    /// An instance's variables: its version, commit, colour and environment, then the platform's declared ones, then the
    /// release's own.
    /// </summary>
    private Dictionary<string, string> VariablesOf(Release release, EdgeColour colour)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PIPELINE_VERSION"] = release.Version,
            ["PIPELINE_GIT_SHA"] = release.GitSha ?? "",
            ["PIPELINE_COLOUR"] = colour.ToText(),
            ["PIPELINE_ENVIRONMENT"] = Folder.Name,
        };
        foreach (var (name, value) in variables.Concat(release.Environment))
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>
    /// Takes <paramref name="colour"/> out of the edge (draining its in-flight requests when <paramref name="drain"/> and
    /// it serves nothing), stops its instance and forgets it in current.json.
    /// </summary>
    private async Task StopColourAsync(EdgeColour colour, ColourState state, bool drain, CancellationToken cancellationToken)
    {
        await Edge.TakeOutAsync(colour, drain, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var how = await Instances.StopAsync(colour, state, cancellationToken);
        logger.LogInformation("Stopped {Colour} ({Version}, {Runtime}) in {Ms} ms: {How}", colour.ToText(), state.Version, state.RuntimeText(), clock.ElapsedMilliseconds, how);
        Folder.WriteState(Folder.ReadState().With(colour.ToText(), null));
    }

    private EdgeColour ColourOf(Revision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return EdgeColours.TryParse(revision.Id, out var colour)
            ? colour.Value
            : throw new DeployException($"revision '{revision.Id}' is not a colour of the {Name} platform");
    }
}
