using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>current.json checked against the instances found running: what reconcile, Status and Down act on.</summary>
internal static class Observation
{
    /// <summary>
    /// The environment's state checked against what runs: current.json when readable (adopting a running instance it
    /// forgot), otherwise rebuilt from the instances found running, the active colour being the one
    /// <paramref name="routes"/> favour. Writes nothing.
    /// </summary>
    public static async Task<ObservedState> ObserveAsync(
        LocalEnvironmentFolder folder, IInstanceLifecycle instances, RouteTable routes, CancellationToken cancellationToken)
    {
        var recorded = folder.TryReadState(out var problem);
        var found = await instances.DiscoverAsync(cancellationToken);
        var notes = new List<string>();
        var untracked = new List<RunningColour>();
        if (recorded is null)
        {
            var colours = new SortedDictionary<string, ColourState>(StringComparer.Ordinal);
            foreach (var group in found.GroupBy(f => f.Colour))
            {
                // The one the edge routes to is the one that serves; any other of that colour is stopped.
                var routed = Routed(group, routes) ?? group.First();
                colours[group.Key.ToText()] = routed.State;
                untracked.AddRange(group.Where(f => f != routed));
            }

            var rebuilt = new EnvironmentState { Platform = instances.Platform, ActiveColour = Favoured(routes, colours.Keys)?.ToText(), Colours = colours };
            var why = colours.Count == 0 ? null : problem ?? $"{folder.Directory}/current.json is missing";
            return new ObservedState(rebuilt, why, notes, untracked);
        }

        var state = recorded;
        foreach (var group in found.GroupBy(f => f.Colour))
        {
            var name = group.Key.ToText();
            var known = state.Colours.GetValueOrDefault(name);
            var same = known is null ? null : group.FirstOrDefault(f => f.State.SameRuntimeAs(known));
            if (same is null)
            {
                var adopted = Routed(group, routes) ?? group.First();
                notes.Add($"found {name} ({adopted.State.Version}, {adopted.State.RuntimeText()}) running but not in current.json: adopted it");
                state = state.With(name, adopted.State);
                same = adopted;
            }

            untracked.AddRange(group.Where(f => f != same));
        }

        return new ObservedState(state, null, notes, untracked);
    }

    /// <summary>Reconcile's first repair lines: what current.json missed, or that it was rebuilt from what runs.</summary>
    public static List<string> RepairsOf(ObservedState observed)
    {
        var repairs = new List<string>(observed.Notes);
        if (observed.Rebuilt is { } why)
        {
            var found = observed.State.Colours.Select(c =>
                $"{c.Key} {c.Value.Version} ({c.Value.RuntimeText()}){(c.Key == observed.State.ActiveColour ? " serving" : "")}");
            repairs.Add($"{why}: rebuilt it from what runs: {string.Join(", ", found)}");
        }

        return repairs;
    }

    private static RunningColour? Routed(IGrouping<EdgeColour, RunningColour> group, RouteTable routes) =>
        group.FirstOrDefault(f => routes[group.Key]?.Address == f.State.Address);

    /// <summary>The colour the edge gives most production traffic (on a tie, the one that is not under test: the older one).</summary>
    private static EdgeColour? Favoured(RouteTable routes, IEnumerable<string> running)
    {
        var colours = running.Select(n => EdgeColours.TryParse(n, out var c) ? c : null).OfType<EdgeColour>().ToList();
        return colours.Count == 0
            ? null
            : colours.OrderByDescending(routes.WeightOf).ThenBy(c => c == routes.Test ? 1 : 0).First();
    }
}
