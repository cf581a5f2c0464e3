using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.CloudWatch;

/// <summary>
/// One metric or metric-math expression of an alarm or a <c>GetMetricData</c> call: a <see cref="MetricStat"/> (metric,
/// period, statistic such as <c>p99</c>) or an <see cref="Expression"/> over other queries' ids (e.g. <c>errors / invocations</c>).
/// Read from an alarm and sent back, it keeps every member; <see cref="Id"/> is required in a request, nullable when read.
/// </summary>
public sealed record MetricDataQuery
{
    /// <summary>Starts with a lower-case letter; expressions refer to it.</summary>
    public string? Id { get; init; }

    public MetricStat? MetricStat { get; init; }

    public string? Expression { get; init; }

    public string? Label { get; init; }

    /// <summary>False for the queries an expression only uses.</summary>
    public bool? ReturnData { get; init; }

    /// <summary>Seconds, for an expression.</summary>
    public int? Period { get; init; }

    public string? AccountId { get; init; }

    /// <summary>Members this client does not type, sent back as they came (System.Text.Json binds extension data through a setter only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>A metric, a period in seconds and a statistic (<c>Sum</c>, <c>Average</c>, … or a percentile such as <c>p99</c>).</summary>
public sealed record MetricStat
{
    public Metric? Metric { get; init; }

    public int? Period { get; init; }

    public string? Stat { get; init; }

    public string? Unit { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>A metric: namespace (<c>AWS/Lambda</c>), name (<c>Errors</c>) and dimensions (<c>FunctionName</c>, <c>Resource</c>, <c>ExecutedVersion</c>).</summary>
public sealed record Metric
{
    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    public IReadOnlyList<Dimension>? Dimensions { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>A dimension of a metric (both members required in a request, nullable when read).</summary>
public sealed record Dimension
{
    public string? Name { get; init; }

    public string? Value { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }

    public static Dimension Of(string name, string value) => new() { Name = name, Value = value };
}
