namespace Pipeline.Deploy;

/// <summary>
/// What the bake watch sees of a revision over a window: whether it is healthy, and its production traffic.
/// </summary>
/// <param name="Healthy">False when the revision stopped or its readiness check fails.</param>
/// <param name="Requests">Production requests it completed in the window.</param>
/// <param name="Errors">Of those, server errors (5xx or transport failures).</param>
/// <param name="P99">99th percentile latency in the window (zero without requests).</param>
/// <param name="Detail">Why it is unhealthy, when it is.</param>
public sealed record RevisionHealth(bool Healthy, long Requests, long Errors, TimeSpan P99, string? Detail = null)
{
    /// <summary>
    /// The platform alarm that made the revision unhealthy (a declared CloudWatch alarm in ALARM), when one did: the
    /// rollback's trigger is then <see cref="RollbackTrigger.Alarm"/>.
    /// </summary>
    public string? Alarm { get; init; }

    /// <summary>Errors / requests, 0..1.</summary>
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;
}
