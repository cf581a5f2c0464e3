namespace Pipeline.Aws.CloudWatch;

/// <summary>
/// Input of CloudWatch <c>SetAlarmState</c>: puts a metric alarm in <see cref="StateValue"/> until its next
/// evaluation, which moves it back to the state its metric says (a transition then stamps
/// <c>StateTransitionedTimestamp</c>).
/// </summary>
public sealed record SetAlarmStateRequest
{
    public required string AlarmName { get; init; }

    /// <summary><see cref="CloudWatchValues.StateValue"/>.</summary>
    public required string StateValue { get; init; }

    public required string StateReason { get; init; }

    /// <summary>JSON text (informational, except for Auto Scaling actions).</summary>
    public string? StateReasonData { get; init; }
}

/// <summary>Output of CloudWatch <c>SetAlarmState</c> (the model has none).</summary>
public sealed record SetAlarmStateResponse;
