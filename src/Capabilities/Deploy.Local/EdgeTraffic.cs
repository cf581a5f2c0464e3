using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;

namespace Pipeline.Deploy.Local;

/// <summary>
/// Traffic at a local environment's edge proxy: which colour gets test and production traffic and how much, its
/// metrics, and taking a colour out (draining its in-flight requests). Connects on first use, starting the edge when
/// none runs.
/// </summary>
internal sealed class EdgeTraffic(LocalEnvironmentFolder folder, TimeSpan drainTimeout, ILogger logger) : IDisposable
{
    private EdgeClient? edge;

    /// <summary>The environment's edge client, connecting (or starting the edge) on first use.</summary>
    public async Task<EdgeClient> ConnectAsync(CancellationToken cancellationToken) =>
        edge ??= await LocalEdge.ConnectAsync(folder, logger, cancellationToken);

    /// <summary>
    /// RECONCILE_SERVICE's edge: connects afresh (starting the edge when it is not running, e.g. killed since the last
    /// deploy), rather than trusting a client from an earlier deploy.
    /// </summary>
    public Task<EdgeClient> ReconnectAsync(CancellationToken cancellationToken)
    {
        Forget();
        return ConnectAsync(cancellationToken);
    }

    /// <summary>Drops the edge client (Down stops the edge; the next call connects again).</summary>
    public void Forget()
    {
        edge?.Dispose();
        edge = null;
    }

    public async Task<RouteTable> RoutesAsync(CancellationToken cancellationToken) =>
        (await (await ConnectAsync(cancellationToken)).GetStateAsync(cancellationToken)).Routes;

    /// <summary>TEST_TRAFFIC_SHIFT: the test listener goes to <paramref name="colour"/>. Returns the test listener's URL.</summary>
    public async Task<Uri> ShiftTestAsync(EdgeColour colour, Uri address, string version, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        var routes = await RoutesAsync(cancellationToken);
        // With nothing else serving (a first deploy), weights must still sum to 100: the new colour takes production too.
        var weight = routes[colour.Other()] is null ? 100 : 0;
        await client.SetRoutesAsync(routes.With(colour, new UpstreamRoute(address, weight, version)) with { Test = colour }, cancellationToken);
        return client.TestUrl ?? throw new DeployException($"the edge of environment '{folder.Name}' has no test listener") { Remedy = DeployRemedy.TakeDown };
    }

    /// <summary>PRODUCTION_TRAFFIC_SHIFT: production moves to <paramref name="colour"/> step by step.</summary>
    public async Task ShiftProductionAsync(
        EdgeColour colour, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        foreach (var step in shift.Steps())
        {
            var routes = await RoutesAsync(cancellationToken);
            var next = routes[colour.Other()] is null
                ? routes
                : colour == EdgeColour.Blue ? routes.WithWeights(step.Percent, 100 - step.Percent) : routes.WithWeights(100 - step.Percent, step.Percent);
            await client.SetRoutesAsync(next, cancellationToken);
            await stepCompleted(step, cancellationToken);
        }
    }

    /// <summary>The edge's sample sequence now: metrics since it cover what happens from here on.</summary>
    public async Task<long> MarkAsync(CancellationToken cancellationToken) =>
        (await (await ConnectAsync(cancellationToken)).GetStateAsync(cancellationToken)).Sequence;

    public async Task<EdgeMetrics> MetricsAsync(EdgeColour colour, long mark, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken)).GetMetricsAsync(colour, mark, cancellationToken);

    /// <summary>CLEAN_UP: the test listener stays on <paramref name="colour"/>, which now serves production.</summary>
    public async Task KeepTestOnAsync(EdgeColour colour, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        await client.SetRoutesAsync(await RoutesAsync(cancellationToken) with { Test = colour }, cancellationToken);
    }

    /// <summary>
    /// Rollback's switch: every new request goes to <paramref name="back"/> at once; <paramref name="failed"/> keeps its
    /// route at weight 0 so that its in-flight requests finish (it drains when it is stopped). Returns the routes set.
    /// </summary>
    public async Task<RouteTable> SwitchBackAsync(EdgeColour? back, ColourState? backState, EdgeColour? failed, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        var routes = await RoutesAsync(cancellationToken);
        var target = Serving(back, backState);
        if (failed is { } f && back is not null && routes[f] is { } failedRoute)
        {
            target = target.With(f, failedRoute with { Weight = 0 });
        }

        await client.SetRoutesAsync(target, cancellationToken);
        return target;
    }

    /// <summary>
    /// Takes <paramref name="colour"/> out of the edge: drained of its in-flight requests when <paramref name="drain"/>
    /// and it serves nothing, otherwise at once (the colour left takes everything).
    /// </summary>
    public async Task TakeOutAsync(EdgeColour colour, bool drain, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        var routes = await RoutesAsync(cancellationToken);
        if (routes[colour] is null)
        {
            return;
        }

        if (drain && routes.WeightOf(colour) == 0 && routes.Test != colour)
        {
            var drained = await client.RemoveAsync(colour, drainTimeout, cancellationToken);
            if (!drained.Drained)
            {
                logger.LogWarning("{Colour} still had {InFlight} requests in flight after {Ms} ms of drain", colour.ToText(), drained.InFlight, drained.WaitedMs);
            }

            return;
        }

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

    /// <summary>
    /// Reconcile's routes: everything to <paramref name="serving"/> (nothing when null). Returns the routes set, or
    /// null when they were so already.
    /// </summary>
    public async Task<RouteTable?> RouteOnlyAsync(EdgeColour? serving, ColourState? state, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(cancellationToken);
        var desired = Serving(serving, state);
        var current = await RoutesAsync(cancellationToken);
        if (SameRoutes(current, desired))
        {
            return null;
        }

        await client.SetRoutesAsync(desired, cancellationToken);
        return desired;
    }

    public async Task<Uri> PublicUrlAsync(CancellationToken cancellationToken) => (await ConnectAsync(cancellationToken)).PublicUrl;

    public void Dispose() => Forget();

    /// <summary>The routes where <paramref name="serving"/> takes all traffic, test included; no route without one.</summary>
    public static RouteTable Serving(EdgeColour? serving, ColourState? state) =>
        serving is { } s && state is not null
            ? RouteTable.Empty.With(s, new UpstreamRoute(state.Address, 100, state.Version)) with { Test = s }
            : RouteTable.Empty;

    private static bool SameRoutes(RouteTable a, RouteTable b) =>
        a.Test == b.Test && EdgeColours.All.All(c => a[c]?.Address == b[c]?.Address && a.WeightOf(c) == b.WeightOf(c));
}
