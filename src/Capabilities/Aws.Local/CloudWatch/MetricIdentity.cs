using System.Text.Json.Serialization;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>A metric as CloudWatch names it: namespace, name and the exact set of dimensions (order does not matter).</summary>
internal sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions)
{
    /// <summary>One string per metric: dimensions sorted by name, so {A,B} and {B,A} are the same metric.</summary>
    [JsonIgnore]
    public string Key => string.Join('\n', [Namespace, MetricName, .. Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => $"{d.Name}={d.Value}")]);
}
