using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>One MetricDataQuery: a metric with a statistic over a period, or an expression over other queries' results.</summary>
internal sealed partial record MetricQuery(string Id, MetricStatSpec? MetricStat, string? Expression, string? Label, bool ReturnData, int? Period)
{
    /// <summary>The queries of a request member (GetMetricData's MetricDataQueries, PutMetricAlarm's Metrics), validated as CloudWatch does.</summary>
    public static List<MetricQuery> ReadAll(IReadOnlyList<JsonMembers> items)
    {
        var queries = items.Select(Read).ToList();
        if (queries.Select(q => q.Id).Distinct(StringComparer.Ordinal).Count() != queries.Count)
        {
            throw CloudWatchException.InvalidParameter("The values for parameter id in MetricDataQueries must be unique.");
        }

        var ids = queries.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var query in queries.Where(q => q.Expression is not null))
        {
            var expression = MetricExpression.Parse(query.Expression!);
            if (expression.References().FirstOrDefault(r => !ids.Contains(r) || r == query.Id) is { } unknown)
            {
                throw CloudWatchException.InvalidParameter($"Error in expression '{query.Id}': Unrecognized metric identifier '{unknown}'.");
            }
        }

        return queries;
    }

    public JsonObject ToJson() => JsonNodes.Object(
        ("Id", Id),
        ("MetricStat", MetricStat?.ToJson()),
        ("Expression", Expression),
        ("Label", Label),
        ("ReturnData", ReturnData),
        ("Period", Period));

    private static MetricQuery Read(JsonMembers item)
    {
        var id = item.String("Id") ?? throw CloudWatchException.Missing("The parameter MetricDataQueries.member.Id is required.");
        if (!IdPattern().IsMatch(id))
        {
            throw CloudWatchException.InvalidParameter($"The value {id} for parameter MetricDataQueries.member.Id is not valid: it must start with a lowercase letter and contain letters, numbers and underscores.");
        }

        var stat = item.Object("MetricStat");
        var expression = item.String("Expression");
        if (stat is null == expression is null)
        {
            throw CloudWatchException.Combination($"Query {id} must have either an Expression or a MetricStat, and not both.");
        }

        return new MetricQuery(id, stat is null ? null : MetricStatSpec.Read(stat, id), expression, item.String("Label"), item.Bool("ReturnData") ?? true, item.Int("Period"));
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex IdPattern();
}

/// <summary>A MetricStat: which metric, over which period (seconds), with which statistic.</summary>
internal sealed record MetricStatSpec(MetricIdentity Metric, int Period, string Stat, string? Unit)
{
    public static MetricStatSpec Read(JsonMembers stat, string id)
    {
        var metric = stat.Object("Metric") ?? throw CloudWatchException.Missing($"The parameter MetricStat.Metric of query {id} is required.");
        var period = stat.Int("Period") ?? throw CloudWatchException.Missing($"The parameter MetricStat.Period of query {id} is required.");
        var name = stat.String("Stat") ?? throw CloudWatchException.Missing($"The parameter MetricStat.Stat of query {id} is required.");
        return new MetricStatSpec(
            new MetricIdentity(
                metric.String("Namespace") ?? throw CloudWatchException.Missing($"The parameter Metric.Namespace of query {id} is required."),
                metric.String("MetricName") ?? throw CloudWatchException.Missing($"The parameter Metric.MetricName of query {id} is required."),
                ReadDimensions(metric.Objects("Dimensions"))),
            Periods.Validate(period),
            Statistics.Validate(name, "Stat"),
            stat.String("Unit"));
    }

    public static List<Dimension> ReadDimensions(IReadOnlyList<JsonMembers>? items) =>
        [.. (items ?? []).Select(d => new Dimension(
            d.String("Name") ?? throw CloudWatchException.Missing("The parameter Dimensions.member.Name is required."),
            d.String("Value") ?? throw CloudWatchException.Missing("The parameter Dimensions.member.Value is required.")))];

    public static JsonArray DimensionsJson(IEnumerable<Dimension> dimensions) =>
        JsonNodes.Array(dimensions.Select(d => (JsonNode?)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value }));

    public JsonObject ToJson() => JsonNodes.Object(
        ("Metric", new JsonObject
        {
            ["Namespace"] = Metric.Namespace,
            ["MetricName"] = Metric.MetricName,
            ["Dimensions"] = DimensionsJson(Metric.Dimensions),
        }),
        ("Period", Period),
        ("Stat", Stat),
        ("Unit", Unit));
}
