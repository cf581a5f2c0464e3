namespace Pipeline.Aws.CloudWatch;

/// <summary>
/// Input of CloudWatch <c>PutMetricAlarm</c>: creates or replaces an alarm on one metric (<see cref="MetricName"/>,
/// <see cref="Namespace"/>, <see cref="Dimensions"/>, <see cref="Statistic"/> or <see cref="ExtendedStatistic"/>) or on
/// metric math (<see cref="Metrics"/>).
/// </summary>
public sealed record PutMetricAlarmRequest
{
    public required string AlarmName { get; init; }

    public string? AlarmDescription { get; init; }

    public bool? ActionsEnabled { get; init; }

    public IReadOnlyList<string>? OKActions { get; init; }

    public IReadOnlyList<string>? AlarmActions { get; init; }

    public IReadOnlyList<string>? InsufficientDataActions { get; init; }

    public string? MetricName { get; init; }

    public string? Namespace { get; init; }

    /// <summary><see cref="CloudWatchValues.Statistic"/>; for a percentile use <see cref="ExtendedStatistic"/>.</summary>
    public string? Statistic { get; init; }

    /// <summary>A percentile such as <c>p99</c>.</summary>
    public string? ExtendedStatistic { get; init; }

    public IReadOnlyList<Dimension>? Dimensions { get; init; }

    /// <summary>Seconds (10, 30 or a multiple of 60).</summary>
    public int? Period { get; init; }

    public string? Unit { get; init; }

    public int? EvaluationPeriods { get; init; }

    public int? DatapointsToAlarm { get; init; }

    public double? Threshold { get; init; }

    /// <summary><see cref="CloudWatchValues.ComparisonOperator"/>.</summary>
    public string? ComparisonOperator { get; init; }

    /// <summary><see cref="CloudWatchValues.TreatMissingData"/>.</summary>
    public string? TreatMissingData { get; init; }

    public string? EvaluateLowSampleCountPercentile { get; init; }

    public IReadOnlyList<MetricDataQuery>? Metrics { get; init; }

    public IReadOnlyList<CloudWatchTag>? Tags { get; init; }

    public string? ThresholdMetricId { get; init; }
}

/// <summary>Output of CloudWatch <c>PutMetricAlarm</c> (the model has none).</summary>
public sealed record PutMetricAlarmResponse;

/// <summary>A resource tag (<c>Key</c>, <c>Value</c>).</summary>
public sealed record CloudWatchTag
{
    public required string Key { get; init; }

    public required string Value { get; init; }
}

/// <summary>Input of CloudWatch <c>DeleteAlarms</c> (up to 100 names; a name that does not exist is <c>ResourceNotFound</c>).</summary>
public sealed record DeleteAlarmsRequest
{
    public required IReadOnlyList<string> AlarmNames { get; init; }
}

/// <summary>Output of CloudWatch <c>DeleteAlarms</c> (the model has none).</summary>
public sealed record DeleteAlarmsResponse;
