using System.Text.Json.Serialization;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>A metric alarm as PutMetricAlarm defined it, and the state its evaluation put it in.</summary>
internal sealed class AlarmState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public string? Description { get; set; }

    public bool ActionsEnabled { get; set; } = true;

    public List<string> OkActions { get; set; } = [];

    public List<string> AlarmActions { get; set; } = [];

    public List<string> InsufficientDataActions { get; set; } = [];

    /// <summary>The alarm's metric as queries: one MetricStat for a single-metric alarm, or the caller's Metrics.</summary>
    public List<MetricQuery> Queries { get; set; } = [];

    /// <summary>True when the alarm was defined with Metrics (metric math), false for MetricName/Namespace/Statistic.</summary>
    public bool IsMetricMath { get; set; }

    public int EvaluationPeriods { get; set; }

    public int? DatapointsToAlarm { get; set; }

    public double Threshold { get; set; }

    public required string ComparisonOperator { get; set; }

    public string TreatMissingData { get; set; } = "missing";

    public string? EvaluateLowSampleCountPercentile { get; set; }

    public string? Unit { get; set; }

    public DateTimeOffset ConfigurationUpdated { get; set; }

    public string StateValue { get; set; } = "INSUFFICIENT_DATA";

    public string StateReason { get; set; } = "Unchecked: Initial alarm creation";

    public string? StateReasonData { get; set; }

    public DateTimeOffset StateUpdated { get; set; }

    public DateTimeOffset StateTransitioned { get; set; }

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>After SetAlarmState: the state holds until the alarm's next period, when evaluation takes over again (as in CloudWatch).</summary>
    public DateTimeOffset? HeldUntil { get; set; }

    /// <summary>The query whose result the alarm compares with its threshold.</summary>
    [JsonIgnore]
    public MetricQuery Evaluated => Queries.Single(q => q.ReturnData);

    [JsonIgnore]
    public int Period => MetricQueryEvaluator.PeriodOf(Evaluated, Queries);

    public bool Breaches(double value) => ComparisonOperator switch
    {
        "GreaterThanOrEqualToThreshold" => value >= Threshold,
        "GreaterThanThreshold" => value > Threshold,
        "LessThanThreshold" => value < Threshold,
        _ => value <= Threshold,
    };
}
