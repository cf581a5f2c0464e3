namespace Pipeline.Foundation.Polling;

/// <summary>
/// How often to ask and for how long: the first delay, growing by <see cref="Factor"/> up to <see cref="MaxDelay"/>,
/// until <see cref="Deadline"/> has passed since the wait started. A zero deadline asks once.
/// </summary>
public sealed record PollSchedule(TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan Deadline, double Factor = 1.5)
{
    /// <summary>The same <paramref name="interval"/> between attempts (no backoff), for local waits that must notice at once.</summary>
    public static PollSchedule Every(TimeSpan interval, TimeSpan deadline) => new(interval, interval, deadline, Factor: 1);

    /// <summary>The delay before attempt <paramref name="attempt"/> (1-based), capped at <see cref="MaxDelay"/>.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var ticks = InitialDelay.Ticks * Math.Pow(Factor, Math.Max(0, attempt - 1));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Null when valid; otherwise one line naming the wrong value.</summary>
    public string? Validate() => this switch
    {
        { InitialDelay: var d } when d <= TimeSpan.Zero => $"poll interval {d} must be more than 0",
        { MaxDelay: var m } when m < InitialDelay => $"poll max interval {m} is shorter than the first interval {InitialDelay}",
        { Deadline: var l } when l < TimeSpan.Zero => $"poll deadline {l} must be 0 or more",
        { Factor: var f } when double.IsNaN(f) || f < 1 => "poll backoff factor must be 1 or more",
        _ => null,
    };
}
