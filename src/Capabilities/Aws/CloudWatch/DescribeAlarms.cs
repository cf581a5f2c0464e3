namespace Pipeline.Aws.CloudWatch;

/// <summary>Input of CloudWatch <c>DescribeAlarms</c>: alarms by name or prefix, optionally in one state; one page from <see cref="NextToken"/>.</summary>
public sealed record DescribeAlarmsRequest
{
    public IReadOnlyList<string>? AlarmNames { get; init; }

    public string? AlarmNamePrefix { get; init; }

    /// <summary><c>MetricAlarm</c> and/or <c>CompositeAlarm</c> (CloudWatch answers metric alarms only by default).</summary>
    public IReadOnlyList<string>? AlarmTypes { get; init; }

    /// <summary><see cref="CloudWatchValues.StateValue"/>.</summary>
    public string? StateValue { get; init; }

    public int? MaxRecords { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>Output of CloudWatch <c>DescribeAlarms</c>: the metric alarms (composite alarms are not read).</summary>
public sealed record DescribeAlarmsResponse
{
    public IReadOnlyList<MetricAlarm> MetricAlarms { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>A metric alarm: its state and why, and what it watches.</summary>
public sealed record MetricAlarm
{
    public string? AlarmName { get; init; }

    public string? AlarmArn { get; init; }

    public string? AlarmDescription { get; init; }

    /// <summary><see cref="CloudWatchValues.StateValue"/>: <c>ALARM</c> when breached.</summary>
    public string? StateValue { get; init; }

    public string? StateReason { get; init; }

    /// <summary>JSON text with the datapoints that changed the state.</summary>
    public string? StateReasonData { get; init; }

    public DateTimeOffset? StateUpdatedTimestamp { get; init; }

    public DateTimeOffset? StateTransitionedTimestamp { get; init; }

    public DateTimeOffset? AlarmConfigurationUpdatedTimestamp { get; init; }

    public bool? ActionsEnabled { get; init; }

    public IReadOnlyList<string>? AlarmActions { get; init; }

    public string? MetricName { get; init; }

    public string? Namespace { get; init; }

    public string? Statistic { get; init; }

    public string? ExtendedStatistic { get; init; }

    public IReadOnlyList<Dimension>? Dimensions { get; init; }

    public int? Period { get; init; }

    public string? Unit { get; init; }

    public int? EvaluationPeriods { get; init; }

    public int? DatapointsToAlarm { get; init; }

    public double? Threshold { get; init; }

    public string? ComparisonOperator { get; init; }

    public string? TreatMissingData { get; init; }

    public IReadOnlyList<MetricDataQuery>? Metrics { get; init; }

    public string? ThresholdMetricId { get; init; }
}
