using System.Globalization;
using System.Text;
using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// What <c>Status</c> shows: the environment's URL, the edge and its weights, each colour's version and process, and
/// the last deployments — with what is wrong said plainly (current.json rebuilt from what runs, a deploy whose process
/// is gone and what the next Deploy does about it, unreadable records). Read with <see cref="ReadAsync"/>, print with
/// <see cref="ToText"/>.
/// </summary>
public sealed record EnvironmentStatus(
    string Environment,
    Uri Url,
    EnvironmentState State,
    EdgeState? Edge,
    string? EdgeProblem,
    IReadOnlyList<DeploymentRecord> Recent)
{
    /// <summary>Why the state shown was rebuilt from what runs (current.json missing or corrupt), or null.</summary>
    public string? Rebuilt { get; init; }

    /// <summary>Running revisions the state cannot hold (the next Deploy stops them).</summary>
    public IReadOnlyList<RunningColour> Untracked { get; init; } = [];

    /// <summary>The live process holding the deploy lock, or null when none does.</summary>
    public DeploymentLock.Holder? LockHolder { get; init; }

    /// <summary>The pid the lock's holder file names (a dead deploy leaves it), or null.</summary>
    public int? LastLockPid { get; init; }

    /// <summary>Why what runs could not be looked at (e.g. no Docker engine), or null.</summary>
    public string? RuntimeProblem { get; init; }

    /// <summary>Why a colour cannot serve (its process or container is gone, or it fails its readiness check), by colour.</summary>
    public IReadOnlyDictionary<string, string> Problems { get; init; } = new Dictionary<string, string>();

    /// <summary>Record files that are not valid records ("file: why").</summary>
    public IReadOnlyList<string> UnreadableRecords { get; init; } = [];

    /// <summary>
    /// Reads the environment's state, asks its edge (if it answers) and takes the last <paramref name="recent"/> records.
    /// With <paramref name="observe"/> (the platform's view of what runs), the state is checked against reality and
    /// rebuilt from it when current.json is missing or corrupt; without it, current.json is shown as it is.
    /// </summary>
    public static async Task<EnvironmentStatus> ReadAsync(
        LocalEnvironmentFolder folder,
        int recent = 5,
        CancellationToken cancellationToken = default,
        Func<RouteTable, CancellationToken, Task<ObservedState>>? observe = null,
        Func<ColourState, CancellationToken, Task<string?>>? checkColour = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        EdgeState? edge = null;
        string? problem = null;
        try
        {
            using var client = await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
            edge = await client.GetStateAsync(cancellationToken);
        }
        catch (EdgeException e)
        {
            problem = e.Message;
            using var restarted = e is EdgeUnreachableException ? await LocalEdge.RestartedAsync(folder, cancellationToken) : null;
            if (restarted is not null)
            {
                (edge, problem) = (await restarted.GetStateAsync(cancellationToken), null);
            }
        }

        var state = folder.TryReadState(out var corrupt);
        var observed = new ObservedState(state ?? new EnvironmentState(), corrupt, [], []);
        string? runtimeProblem = null;
        try
        {
            observed = observe is null ? observed : await observe(edge?.Routes ?? RouteTable.Empty, cancellationToken);
        }
        catch (DeployException e)
        {
            runtimeProblem = e.Message;
        }

        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (checkColour is not null && runtimeProblem is null)
        {
            foreach (var (name, colour) in observed.State.Colours)
            {
                if (await checkColour(colour, cancellationToken) is { } colourProblem)
                {
                    problems[name] = colourProblem;
                }
            }
        }

        return new EnvironmentStatus(folder.Name, folder.PublicUrl, observed.State, edge, problem, folder.History.Latest(recent))
        {
            Problems = problems,
            Rebuilt = observed.Rebuilt,
            Untracked = observed.Untracked,
            LockHolder = DeploymentLock.LiveHolder(folder.Directory),
            LastLockPid = DeploymentLock.LastHolderPid(folder.Directory),
            UnreadableRecords = folder.History.Unreadable(),
            RuntimeProblem = runtimeProblem,
        };
    }

    /// <summary>Plain text for the console.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append('\n');
        line($"Environment {Environment}: {Url}");
        line(Edge is { } e
            ? $"  edge      pid {e.Pid}, routes {e.Routes}" + (e.Restarts is { } restarts
                ? string.Create(CultureInfo.InvariantCulture, $"; started again by its supervisor (pid {e.SupervisorPid}) {restarts} time{(restarts == 1 ? "" : "s")}, last because {e.LastDeath}")
                : "")
            : State.Colours.Count == 0
                ? $"  edge      not running ({EdgeProblem})"
                : $"  edge      not running ({EdgeProblem}): {Url} refuses every request; the next Deploy starts the edge again and routes it to what runs");
        if (RuntimeProblem is { } runtime)
        {
            line($"  runtimes  could not be looked at ({runtime}): shown as current.json has them");
        }

        if (Rebuilt is { } why)
        {
            line($"  state     {why}: shown from what runs; the next Deploy writes it again");
        }

        if (State.Colours.Count == 0)
        {
            line("  colours   none running");
        }

        foreach (var (name, colour) in State.Colours)
        {
            var weight = Edge is { } edge && EdgeColours.TryParse(name, out var c) ? $"{edge.Routes.WeightOf(c.Value)} %" : "?";
            var role = name == State.ActiveColour ? "active" : colour.Phase == ColourState.Active ? "not serving" : colour.Phase;
            line(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-9} {colour.Version} ({role}), weight {weight}, {colour.RuntimeText()}, http://127.0.0.1:{colour.Port}"));
            var kept = Edge?.Kept?.FirstOrDefault(k => k.Colour.ToText() == name);
            if (Problems.TryGetValue(name, out var problem))
            {
                line($"            NOT SERVING: {problem}" + (kept is { Problem: null }
                    ? "; the edge starts it again by itself (within seconds; Status then shows it serving)"
                    : name == State.ActiveColour
                        ? $"; production requests to {Url} fail — the next Deploy replaces it (Rollback puts the previous release back)"
                        : ""));
            }

            if (kept is { Problem: { } givenUp })
            {
                line($"            the edge no longer starts it again: {givenUp}");
            }
            else if (kept is { Restarts: > 0, LastRestartAt: { } restartedAt })
            {
                line(string.Create(CultureInfo.InvariantCulture,
                    $"            started again by the edge {kept.Restarts} time{(kept.Restarts == 1 ? "" : "s")}, last at {restartedAt:HH:mm:ss}Z ({kept.LastDeath})"));
            }
        }

        foreach (var extra in Untracked)
        {
            line($"  {extra.Colour.ToText(),-9} {extra.State.Version} (untracked), {extra.State.RuntimeText()}: the next Deploy stops it");
        }

        line(Recent.Count == 0 ? "  no deployments yet" : "  last deployments:");
        var newestInProgress = Recent.FirstOrDefault(r => r.Outcome == DeploymentOutcome.InProgress);
        foreach (var r in Recent)
        {
            var reason = r.RollbackReason is { } reasonOf ? $" — {reasonOf.Message}" : "";
            var outcome = r.Outcome.ToString();
            var duration = r.Outcome == DeploymentOutcome.Interrupted
                ? string.Create(CultureInfo.InvariantCulture, $" after at least {r.Duration.TotalSeconds:0.0}s")
                : string.Create(CultureInfo.InvariantCulture, $" in {r.Duration.TotalSeconds:0.0}s");
            if (r.Outcome == DeploymentOutcome.InProgress)
            {
                (outcome, duration, reason) = r == newestInProgress && LockHolder is { } holder
                    ? ("InProgress", string.Create(CultureInfo.InvariantCulture, $" (pid {holder.ProcessId} on {holder.Host}, since {holder.Since:HH:mm:ss}Z)"), "")
                    : ("dead", "", $" — the deploy that ran it{(LastLockPid is { } pid ? string.Create(CultureInfo.InvariantCulture, $" (pid {pid})") : "")} is gone; {NextDeploy(r)}");
            }

            line(string.Create(CultureInfo.InvariantCulture,
                $"    {r.StartedAt:yyyy-MM-dd HH:mm:ss}Z {r.Kind} {r.Release.Version} by {r.Initiator}: {outcome}{duration}{reason}"));
        }

        foreach (var unreadable in UnreadableRecords)
        {
            line($"  unreadable deployment record {unreadable}");
        }

        return text.ToString();
    }

    /// <summary>What the next Deploy's reconcile does with what a dead deploy left.</summary>
    private string NextDeploy(DeploymentRecord dead)
    {
        var active = State.ActiveColour is { } a && State.Colours.TryGetValue(a, out var s) ? (Name: a, s.Version) : default;
        var others = State.Colours.Where(c => c.Key != State.ActiveColour).Select(c => $"{c.Key} ({c.Value.Version})")
            .Concat(Untracked.Select(u => $"{u.Colour.ToText()} ({u.State.Version})")).ToList();
        if (active.Name is null)
        {
            return $"nothing serves; the next Deploy starts {dead.Release.Version} afresh";
        }

        return others.Count == 0
            ? $"production is on {active.Name} ({active.Version}); the next Deploy starts from there"
            : $"the next Deploy puts production back on {active.Name} ({active.Version}) and stops the orphan {string.Join(", ", others)}";
    }
}
