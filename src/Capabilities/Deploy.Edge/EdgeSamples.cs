namespace Pipeline.Deploy.Edge;

/// <summary>
/// Every public-listener request of one colour completed after sequence number <see cref="Since"/>, one entry each, in
/// completion order: what a stand-in turns into per-request metrics (the local ECS's load balancer metrics in CloudWatch).
/// Pass <see cref="Sequence"/> as the next call's since to read only the requests in between.
/// </summary>
/// <param name="Colour">The colour read.</param>
/// <param name="Since">Exclusive lower bound (sequence number of completed requests).</param>
/// <param name="Sequence">Sequence number of the last completed request the edge knows of (any colour).</param>
/// <param name="LatenciesMs">Latency of each request, in milliseconds.</param>
/// <param name="Errors">For each request: a 5xx answer or a proxy transport failure.</param>
/// <param name="Truncated">True when requests after <see cref="Since"/> were already dropped from the kept samples.</param>
public sealed record EdgeSamples(EdgeColour Colour, long Since, long Sequence, IReadOnlyList<double> LatenciesMs, IReadOnlyList<bool> Errors, bool Truncated);
