using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// RECONCILE_SERVICE of a local platform: current.json checked against what runs, the serving colour chosen, orphans
/// and untracked instances stopped, the edge and current.json converged on what serves. One line per repair.
/// </summary>
internal sealed class Reconciliation(LocalEnvironmentFolder folder, IInstanceLifecycle instances, EdgeTraffic edge, Readiness readiness)
{
    public async Task<PlatformSnapshot> RunAsync(CancellationToken cancellationToken)
    {
        RefuseAnotherPlatform();
        await instances.PrepareAsync(cancellationToken);
        await edge.ReconnectAsync(cancellationToken);
        var routes = await edge.RoutesAsync(cancellationToken);
        var observed = await Observation.ObserveAsync(folder, instances, routes, cancellationToken);
        var repairs = Observation.RepairsOf(observed);
        var state = observed.State;

        var live = new Dictionary<EdgeColour, ColourState>();
        var ready = new HashSet<EdgeColour>();
        foreach (var (name, recorded) in state.Colours)
        {
            if (!EdgeColours.TryParse(name, out var colour))
            {
                continue;
            }

            var check = await instances.CheckAsync(colour.Value, recorded, name == state.ActiveColour, cancellationToken);
            if (check.Repair is { } repair)
            {
                repairs.Add(repair);
            }

            if (check.Running is not { } running)
            {
                continue;
            }

            live[colour.Value] = running;
            if (await readiness.CheckAsync(running.Port, cancellationToken) is null)
            {
                ready.Add(colour.Value);
            }
        }

        var serving = ChooseServing(state, live, ready, routes, repairs);
        foreach (var (colour, orphan) in live.Where(kv => kv.Key != serving).ToList())
        {
            live.Remove(colour);
            await edge.RouteOnlyAsync(serving, serving is { } s ? live[s] : null, cancellationToken);
            var how = await instances.StopAsync(colour, orphan, cancellationToken);
            repairs.Add($"stopped orphan {colour.ToText()} ({orphan.Version}, {orphan.RuntimeText()}): {how}");
        }

        var snapshot = await ConvergeAsync(serving, live, routes, repairs, cancellationToken);
        var kept = serving is { } k ? live[k] : null;
        foreach (var extra in await instances.DiscoverAsync(cancellationToken))
        {
            if (kept is null || !extra.State.SameRuntimeAs(kept))
            {
                var how = await instances.StopAsync(extra.Colour, extra.State, cancellationToken);
                repairs.Add($"stopped untracked {extra.Colour.ToText()} ({extra.State.Version}, {extra.State.RuntimeText()}): {how}");
            }
        }

        instances.Tidy(folder.ReadState());
        return snapshot;
    }

    /// <summary>Colours another platform runs are not this platform's to stop: the environment is taken down first.</summary>
    private void RefuseAnotherPlatform()
    {
        var recorded = folder.TryReadState(out _);
        if (recorded is { Platform: { Length: > 0 } other } && other != instances.Platform && recorded.Colours.Count > 0)
        {
            throw new DeployException(
                $"environment '{folder.Name}' runs on the {other} platform ({string.Join(", ", recorded.Colours.Select(c => $"{c.Key} {c.Value.Version}"))}), " +
                $"not on the {instances.Platform} platform it is declared with")
            { Remedy = DeployRemedy.TakeDown };
        }
    }

    /// <summary>The colour that serves production, with a repair line when it is not the recorded one.</summary>
    private static EdgeColour? ChooseServing(
        EnvironmentState state, Dictionary<EdgeColour, ColourState> live, HashSet<EdgeColour> ready, RouteTable routes, List<string> repairs)
    {
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

    /// <summary>
    /// Reconcile's end: the edge routes all traffic to <paramref name="serving"/> (a repair line when it did not),
    /// current.json lists exactly the <paramref name="live"/> colours, and the snapshot names the active revision.
    /// </summary>
    private async Task<PlatformSnapshot> ConvergeAsync(
        EdgeColour? serving, Dictionary<EdgeColour, ColourState> live, RouteTable before, List<string> repairs, CancellationToken cancellationToken)
    {
        var servingState = serving is { } s ? live[s] : null;
        if (await edge.RouteOnlyAsync(serving, servingState, cancellationToken) is { } now)
        {
            repairs.Add($"edge routes were {before}; now {now}");
        }

        folder.WriteState(new EnvironmentState
        {
            Platform = instances.Platform,
            ActiveColour = serving?.ToText(),
            Colours = new SortedDictionary<string, ColourState>(
                live.ToDictionary(kv => kv.Key.ToText(), kv => kv.Value with { Phase = ColourState.Active }), StringComparer.Ordinal),
        });

        var activeRevision = serving is { } a ? LocalPlatform.RevisionOf(a, servingState!) : null;
        return new PlatformSnapshot(activeRevision, await edge.PublicUrlAsync(cancellationToken), repairs);
    }
}
