using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// Base of the local platforms that run one revision per colour (blue, green) on a loopback port behind the
/// environment's edge proxy (the Process and Docker platforms). The traffic stages (test and
/// production shifts, metrics, clean up, rollback), taking a colour out of the edge and reconcile's choice of the
/// serving colour belong to the edge and are done here once; a platform supplies how a colour is started
/// (<see cref="ScaleUpAsync"/>), found (<see cref="ReconcileAsync"/>), stopped (<see cref="StopRuntimeAsync"/>) and
/// seen alive (<see cref="RuntimeProblemAsync"/>).
/// </summary>
public abstract class EdgeDrivenPlatform : IDeploymentPlatform
{
    private readonly LocalEnvironment environment;
    private readonly ILogger logger;
    private readonly string readinessPath;
    private readonly TimeSpan drainTimeout;
    private EdgeClient? edge;

    /// <param name="environment">The environment whose edge and current.json the platform drives.</param>
    /// <param name="readinessPath">The path a colour answers 2xx on when ready, e.g. <c>/health/ready</c>.</param>
    /// <param name="drainTimeout">How long a colour leaving the edge may finish its in-flight requests.</param>
    /// <param name="logger">Where the platform logs.</param>
    protected EdgeDrivenPlatform(LocalEnvironment environment, string readinessPath, TimeSpan drainTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(readinessPath);
        ArgumentNullException.ThrowIfNull(logger);
        this.environment = environment;
        this.readinessPath = readinessPath;
        this.drainTimeout = drainTimeout;
        this.logger = logger;
    }

    public abstract string Name { get; }

    /// <summary>The environment whose edge, current.json, logs and releases the platform drives.</summary>
    protected LocalEnvironment Local => environment;

    protected ILogger Logger => logger;

    public abstract Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken);

    public abstract Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken);

    public async Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        // With nothing else serving (a first deploy), weights must still sum to 100: the new colour takes production too.
        var weight = routes[colour.Other()] is null ? 100 : 0;
        var next = routes.With(colour, new UpstreamRoute(revision.Address!, weight, revision.Release.Version)) with { Test = colour };
        await client.SetRoutesAsync(next, cancellationToken);
        return client.TestUrl ?? throw new DeployException($"the edge of environment '{environment.Name}' has no test listener") { Remedy = DeployRemedy.TakeDown };
    }

    public async Task ShiftProductionTrafficAsync(
        Revision revision, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(stepCompleted);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        foreach (var step in shift.Steps())
        {
            var routes = (await client.GetStateAsync(cancellationToken)).Routes;
            var next = routes[colour.Other()] is null
                ? routes
                : colour == EdgeColour.Blue ? routes.WithWeights(step.Percent, 100 - step.Percent) : routes.WithWeights(100 - step.Percent, step.Percent);
            await client.SetRoutesAsync(next, cancellationToken);
            await stepCompleted(step, cancellationToken);
        }
    }

    public async Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken)
    {
        var client = await EnsureEdgeAsync(cancellationToken);
        return (await client.GetStateAsync(cancellationToken)).Sequence;
    }

    public async Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var metrics = await client.GetMetricsAsync(colour, mark, cancellationToken);
        var state = environment.ReadState().Colours.GetValueOrDefault(colour.ToText());
        var detail = await ColourProblemAsync(state, cancellationToken);
        return new RevisionHealth(detail is null, metrics.Requests, metrics.Errors, TimeSpan.FromMilliseconds(metrics.P99Ms), detail);
    }

    public virtual async Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var state = environment.ReadState();
        var recorded = state.Colours.GetValueOrDefault(colour.ToText())
            ?? throw new DeployException($"{colour.ToText()} is missing from {environment.Directory}/current.json") { Remedy = DeployRemedy.Deploy };
        state = state.With(colour.ToText(), recorded with { Phase = ColourState.Active }) with { ActiveColour = colour.ToText() };
        environment.WriteState(state);

        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        await client.SetRoutesAsync(routes with { Test = colour }, cancellationToken);
        if (state.Colours.TryGetValue(colour.Other().ToText(), out var old))
        {
            await StopColourAsync(client, colour.Other(), old, drain: true, cancellationToken);
        }

        return previous is null ? "nothing to clean up" : $"stopped {previous.Release.Version} on {previous.Id}";
    }

    public async Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var client = await EnsureEdgeAsync(cancellationToken);
        var state = environment.ReadState();
        EdgeColour? back = previous is null ? null : ColourOf(previous);
        var live = new Dictionary<EdgeColour, ColourState>();
        if (back is { } b && state.Colours.TryGetValue(b.ToText(), out var backState))
        {
            live[b] = backState;
        }

        // One atomic switch puts every new request back on the previous colour; the failed one then drains.
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        var target = RoutesFor(back, live);
        if (failed is not null && back is not null && routes[ColourOf(failed)] is { } failedRoute)
        {
            target = target.With(ColourOf(failed), failedRoute with { Weight = 0 });
        }

        await client.SetRoutesAsync(target, cancellationToken);
        logger.LogInformation("Traffic back on {Colour} after {Ms} ms: {Routes}", back?.ToText() ?? "nothing", clock.ElapsedMilliseconds, target);

        if (failed is not null && state.Colours.TryGetValue(ColourOf(failed).ToText(), out var failedState))
        {
            await StopColourAsync(client, ColourOf(failed), failedState, drain: back is not null, cancellationToken);
        }
    }

    /// <summary>
    /// What of this environment runs on the machine, found without current.json (processes by command line and
    /// environment, containers by label), including runtimes that have stopped but still exist.
    /// </summary>
    public abstract Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The environment's state checked against what runs: current.json when readable (adopting a running revision it
    /// forgot), otherwise rebuilt from the revisions found running, the active colour being the one
    /// <paramref name="routes"/> favour. Writes nothing.
    /// </summary>
    public async Task<ObservedState> ObserveAsync(RouteTable routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var recorded = environment.TryReadState(out var problem);
        var found = await DiscoverAsync(cancellationToken);
        var notes = new List<string>();
        var untracked = new List<RunningColour>();
        if (recorded is null)
        {
            var colours = new SortedDictionary<string, ColourState>(StringComparer.Ordinal);
            foreach (var group in found.GroupBy(f => f.Colour))
            {
                // The one the edge routes to is the one that serves; any other of that colour is stopped.
                var routed = group.FirstOrDefault(f => routes[group.Key]?.Address == AddressOf(f.State.Port)) ?? group.First();
                colours[group.Key.ToText()] = routed.State;
                untracked.AddRange(group.Where(f => f != routed));
            }

            var rebuilt = new EnvironmentState { Platform = Name, ActiveColour = Favoured(routes, colours.Keys)?.ToText(), Colours = colours };
            var why = colours.Count == 0 ? null : problem ?? $"{environment.Directory}/current.json is missing";
            return new ObservedState(rebuilt, why, notes, untracked);
        }

        var state = recorded;
        foreach (var group in found.GroupBy(f => f.Colour))
        {
            var name = group.Key.ToText();
            var known = state.Colours.GetValueOrDefault(name);
            var same = known is null ? null : group.FirstOrDefault(f => SameRuntime(f.State, known));
            if (same is null)
            {
                var adopted = group.FirstOrDefault(f => routes[group.Key]?.Address == AddressOf(f.State.Port)) ?? group.First();
                notes.Add($"found {name} ({adopted.State.Version}, {RuntimeText(adopted.State)}) running but not in current.json: adopted it");
                state = state.With(name, adopted.State);
                same = adopted;
            }

            untracked.AddRange(group.Where(f => f != same));
        }

        return new ObservedState(state, null, notes, untracked);
    }

    /// <summary>Reconcile's first repair lines: what current.json missed, or that it was rebuilt from what runs.</summary>
    protected static List<string> RepairsOf(ObservedState observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var repairs = new List<string>(observed.Notes);
        if (observed.Rebuilt is { } why)
        {
            var found = observed.State.Colours.Select(c =>
                $"{c.Key} {c.Value.Version} ({RuntimeText(c.Value)}){(c.Key == observed.State.ActiveColour ? " serving" : "")}");
            repairs.Add($"{why}: rebuilt it from what runs: {string.Join(", ", found)}");
        }

        return repairs;
    }

    /// <summary>
    /// Why the colour <paramref name="state"/> describes cannot serve (its runtime is gone or failing, or it does not
    /// answer its readiness path); null when it serves.
    /// </summary>
    public async Task<string?> ColourProblemAsync(ColourState? state, CancellationToken cancellationToken)
    {
        if (await RuntimeProblemAsync(state, cancellationToken) is { } runtime)
        {
            return runtime;
        }

        return state is not null && await ReadinessAsync(state.Port, cancellationToken) is { } problem ? $"{readinessPath} {problem}" : null;
    }

    /// <summary>"pid 4242" or "container 3f2a9c1d0b7e".</summary>
    public static string RuntimeText(ColourState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state switch
        {
            { Pid: { } pid } => string.Create(CultureInfo.InvariantCulture, $"pid {pid}"),
            { ContainerId: { } id } => $"container {id[..Math.Min(12, id.Length)]}",
            _ => "not running",
        };
    }

    /// <summary>Stops what runs <paramref name="colour"/> (the edge no longer sends it anything) and logs how.</summary>
    protected abstract Task StopRuntimeAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken);

    /// <summary>
    /// Why the recorded colour is not running (gone, exited, failing its own health check), for a human; null when it
    /// runs (its readiness path is checked next). <paramref name="state"/> is null when current.json forgot the colour.
    /// </summary>
    protected abstract Task<string?> RuntimeProblemAsync(ColourState? state, CancellationToken cancellationToken);

    /// <summary>The environment's edge client, connecting (or starting the edge) on first use.</summary>
    protected async Task<EdgeClient> EnsureEdgeAsync(CancellationToken cancellationToken) =>
        edge ??= await LocalEdge.ConnectAsync(environment, logger, cancellationToken);

    /// <summary>
    /// RECONCILE_SERVICE's edge: connects afresh (starting the edge when it is not running, e.g. killed since the last
    /// deploy), rather than trusting a client from an earlier deploy.
    /// </summary>
    protected Task<EdgeClient> ReconnectEdgeAsync(CancellationToken cancellationToken)
    {
        ForgetEdge();
        return EnsureEdgeAsync(cancellationToken);
    }

    /// <summary>Drops the edge client (Down stops the edge; the next call connects again).</summary>
    protected void ForgetEdge()
    {
        edge?.Dispose();
        edge = null;
    }

    /// <summary>
    /// The colour the next revision runs on (the other one than the active; blue at first), with whatever a crashed
    /// deploy left on it stopped. Returns the environment state after that.
    /// </summary>
    protected async Task<(EdgeColour Colour, EnvironmentState State)> FreeNextColourAsync(EdgeClient client, CancellationToken cancellationToken)
    {
        var state = environment.ReadState();
        var colour = EdgeColours.TryParse(state.ActiveColour, out var active) ? active.Value.Other() : EdgeColour.Blue;
        if (state.Colours.TryGetValue(colour.ToText(), out var leftover))
        {
            await StopColourAsync(client, colour, leftover, drain: false, cancellationToken);
            state = environment.ReadState();
        }

        return (colour, state);
    }

    /// <summary>The variables every revision gets: its version, commit, colour and environment.</summary>
    protected Dictionary<string, string> RevisionVariables(Release release, EdgeColour colour)
    {
        ArgumentNullException.ThrowIfNull(release);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PIPELINE_VERSION"] = release.Version,
            ["PIPELINE_GIT_SHA"] = release.GitSha ?? "",
            ["PIPELINE_COLOUR"] = colour.ToText(),
            ["PIPELINE_ENVIRONMENT"] = environment.Name,
        };
    }

    /// <summary>
    /// Takes <paramref name="colour"/> out of the edge (draining its in-flight requests when <paramref name="drain"/> and
    /// it serves nothing), stops its runtime and forgets it in current.json.
    /// </summary>
    protected async Task StopColourAsync(EdgeClient client, EdgeColour colour, ColourState state, bool drain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        if (routes[colour] is not null)
        {
            if (drain && routes.WeightOf(colour) == 0 && routes.Test != colour)
            {
                var drained = await client.RemoveAsync(colour, drainTimeout, cancellationToken);
                if (!drained.Drained)
                {
                    logger.LogWarning("{Colour} still had {InFlight} requests in flight after {Ms} ms of drain", colour.ToText(), drained.InFlight, drained.WaitedMs);
                }
            }
            else
            {
                var without = routes.With(colour, null);
                if (without.Test == colour)
                {
                    without = without with { Test = null };
                }

                if (without.Blue is null != without.Green is null)
                {
                    without = without.WithWeights(100, 100); // the one left takes everything
                }

                await client.SetRoutesAsync(without, cancellationToken);
            }
        }

        await StopRuntimeAsync(colour, state, cancellationToken);
        environment.WriteState(environment.ReadState().With(colour.ToText(), null));
    }

    /// <summary>Reconcile's choice of the colour that serves production, with a repair line when it is not the recorded one.</summary>
    protected static EdgeColour? ChooseServing(
        EnvironmentState state, IReadOnlyDictionary<EdgeColour, ColourState> live, IReadOnlySet<EdgeColour> ready, RouteTable routes, List<string> repairs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(repairs);
        // The last healthy colour is the recorded active one; failing that, a ready colour (the one the edge favours);
        // failing that, the recorded active one even if not ready right now (better than stopping everything).
        var recorded = EdgeColours.TryParse(state.ActiveColour, out var active) ? active : null;
        EdgeColour? serving = recorded is { } r && ready.Contains(r)
            ? r
            : ready.OrderByDescending(c => routes.WeightOf(c)).Cast<EdgeColour?>().FirstOrDefault()
              ?? (recorded is { } r2 && live.ContainsKey(r2) ? r2 : null);
        if (serving is { } s && s != recorded)
        {
            repairs.Add($"{s.ToText()} ({live[s].Version}) takes production: the recorded active colour {state.ActiveColour ?? "none"} was not serving");
        }

        return serving;
    }

    /// <summary>Forgets an orphan colour and takes it out of the edge, before its runtime is stopped.</summary>
    protected static async Task UnrouteOrphanAsync(
        EdgeClient client, EdgeColour orphan, EdgeColour? serving, Dictionary<EdgeColour, ColourState> live, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(live);
        live.Remove(orphan);
        await client.SetRoutesAsync(RoutesFor(serving, live), cancellationToken);
    }

    /// <summary>
    /// Reconcile's end: the edge routes all traffic to <paramref name="serving"/> (a repair line when they did not),
    /// current.json lists exactly the <paramref name="live"/> colours, and the snapshot names the active revision.
    /// </summary>
    protected async Task<PlatformSnapshot> ConvergeAsync(
        EdgeClient client, EdgeColour? serving, IReadOnlyDictionary<EdgeColour, ColourState> live, RouteTable before, List<string> repairs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(repairs);
        var desired = RoutesFor(serving, live);
        var current = (await client.GetStateAsync(cancellationToken)).Routes;
        if (!SameRoutes(current, desired))
        {
            await client.SetRoutesAsync(desired, cancellationToken);
            repairs.Add($"edge routes were {before}; now {desired}");
        }

        environment.WriteState(new EnvironmentState
        {
            Platform = Name,
            ActiveColour = serving?.ToText(),
            Colours = new SortedDictionary<string, ColourState>(
                live.ToDictionary(kv => kv.Key.ToText(), kv => kv.Value with { Phase = ColourState.Active }), StringComparer.Ordinal),
        });

        var activeRevision = serving is { } a ? RevisionOf(a, live[a]) : null;
        return new PlatformSnapshot(activeRevision, client.PublicUrl, repairs);
    }

    /// <summary>Null when the colour on <paramref name="port"/> answers 2xx on the readiness path; otherwise what it answered.</summary>
    protected Task<string?> ReadinessAsync(int port, CancellationToken cancellationToken) =>
        ReadinessProbe.CheckAsync(new Uri(ReadinessUrl(port)), cancellationToken);

    /// <summary>The readiness URL of the colour on <paramref name="port"/>, e.g. <c>http://127.0.0.1:5000/health/ready</c>.</summary>
    protected string ReadinessUrl(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{readinessPath}";

    protected static Uri AddressOf(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    protected static Revision RevisionOf(EdgeColour colour, ColourState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(colour.ToText(), new Release(state.Version, state.Source, state.GitSha), AddressOf(state.Port));
    }

    protected EdgeColour ColourOf(Revision revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return EdgeColours.TryParse(revision.Id, out var colour)
            ? colour.Value
            : throw new DeployException($"revision '{revision.Id}' is not a colour of the {Name} platform");
    }

    /// <summary>The colour the edge gives most production traffic (on a tie, the one that is not under test: the older one).</summary>
    private static EdgeColour? Favoured(RouteTable routes, IEnumerable<string> running)
    {
        var colours = running.Select(n => EdgeColours.TryParse(n, out var c) ? c : null).OfType<EdgeColour>().ToList();
        return colours.Count == 0
            ? null
            : colours.OrderByDescending(routes.WeightOf).ThenBy(c => c == routes.Test ? 1 : 0).First();
    }

    private static bool SameRuntime(ColourState a, ColourState b) =>
        (a.Pid is { } pid && pid == b.Pid) || (a.ContainerId is { } id && id == b.ContainerId);

    private static RouteTable RoutesFor(EdgeColour? serving, IReadOnlyDictionary<EdgeColour, ColourState> live)
    {
        if (serving is not { } s || !live.TryGetValue(s, out var state))
        {
            return RouteTable.Empty;
        }

        return RouteTable.Empty.With(s, new UpstreamRoute(AddressOf(state.Port), 100, state.Version)) with { Test = s };
    }

    private static bool SameRoutes(RouteTable a, RouteTable b) =>
        a.Test == b.Test && EdgeColours.All.All(c => a[c]?.Address == b[c]?.Address && a.WeightOf(c) == b.WeightOf(c));
}
