namespace Pipeline.Deploy.Edge;

/// <summary>
/// Public-listener traffic of one colour over a window: requests completed after sequence number
/// <see cref="Since"/> up to <see cref="Sequence"/>. Pass <see cref="Sequence"/> as the next call's since to read
/// only what happened in between (the bake stage does this).
/// </summary>
/// <param name="Colour">The colour measured.</param>
/// <param name="Since">Exclusive lower bound of the window (sequence number of completed requests).</param>
/// <param name="Sequence">Sequence number of the last completed request the edge knows of (any colour).</param>
/// <param name="Requests">Requests completed in the window.</param>
/// <param name="Errors">Of those: 5xx answers and proxy transport failures (the client saw 502/504).</param>
/// <param name="P50Ms">Median latency in milliseconds (0 when no request).</param>
/// <param name="P95Ms">95th percentile latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds.</param>
/// <param name="MaxMs">Slowest request in milliseconds.</param>
/// <param name="InFlight">Requests to this colour in progress right now (public and test listener).</param>
/// <param name="Truncated">True when the window is older than the samples the edge keeps; figures cover the kept ones.</param>
public sealed record EdgeMetrics(
    EdgeColour Colour,
    long Since,
    long Sequence,
    long Requests,
    long Errors,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    int InFlight,
    bool Truncated)
{
    /// <summary>Errors / requests, 0..1 (0 when no request).</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
