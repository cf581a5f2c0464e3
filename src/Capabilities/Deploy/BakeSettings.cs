using System.Globalization;

namespace Pipeline.Deploy;

/// <summary>
/// What the bake watch (BAKE_TIME and every linear/canary step bake) looks at, and when it rolls back. Defaults are
/// the seeds': more than 5 % errors or a p99 over 2 s. Error rate and p99 are judged only once the new revision has
/// served <see cref="MinimumRequests"/> in the window, so one slow request on an idle laptop does not roll back.
/// </summary>
public sealed record BakeSettings
{
    /// <summary>How long to watch after 100 % of production traffic reaches the new revision.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Roll back when errors / requests is above this (0..1).</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>Roll back when the p99 latency is above this.</summary>
    public TimeSpan MaxP99Latency { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests needed in a window before error rate and latency are judged.</summary>
    public int MinimumRequests { get; init; } = 10;

    /// <summary>How often the platform is asked for health and metrics.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Null when valid; otherwise one line naming the wrong setting.</summary>
    public string? Validate() => this switch
    {
        { Duration: var d } when d < TimeSpan.Zero => $"bake duration {d} must be 0 or more",
        { MaxErrorRate: var r } when double.IsNaN(r) || r is < 0 or > 1 =>
            $"bake max error rate {r.ToString(CultureInfo.InvariantCulture)} is outside 0..1 (0.05 means 5 %)",
        { MaxP99Latency: var l } when l <= TimeSpan.Zero => $"bake max p99 latency {l} must be more than 0",
        { MinimumRequests: < 1 } => $"bake minimum requests {MinimumRequests} must be 1 or more",
        { PollInterval: var p } when p <= TimeSpan.Zero => $"bake poll interval {p} must be more than 0",
        _ => null,
    };
}
