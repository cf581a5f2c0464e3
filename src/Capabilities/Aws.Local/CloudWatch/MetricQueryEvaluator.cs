using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// Evaluates metric data queries over a time range: each MetricStat per period (scaled to real time by
/// the stand-in's seconds per minute, aligned to the epoch), each expression over the results it names.
/// Only periods with data points get a value, as in CloudWatch.
/// </summary>
internal sealed class MetricQueryEvaluator(MetricStore store, double secondsPerMinute)
{
    /// <summary>The real length of a period of <paramref name="seconds"/> CloudWatch seconds, in milliseconds.</summary>
    public long WidthMs(int seconds) => Math.Max(1, (long)Math.Round(seconds * secondsPerMinute / 60 * 1000));

    /// <summary>The period an expression is evaluated with: its own, else the shortest of the metrics in the request.</summary>
    public static int PeriodOf(MetricQuery query, IReadOnlyList<MetricQuery> all) =>
        query.MetricStat?.Period ?? query.Period ?? all.Where(q => q.MetricStat is not null).Select(q => q.MetricStat!.Period).DefaultIfEmpty(60).Min();

    public Dictionary<string, SortedDictionary<long, double>> Evaluate(IReadOnlyList<MetricQuery> queries, long startMs, long endMs)
    {
        var results = new Dictionary<string, SortedDictionary<long, double>>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var byId = queries.ToDictionary(q => q.Id, StringComparer.Ordinal);

        SortedDictionary<long, double> Get(string id)
        {
            if (results.TryGetValue(id, out var done))
            {
                return done;
            }

            if (!visiting.Add(id))
            {
                throw CloudWatchException.InvalidParameter($"Error in expression '{id}': circular dependency between metric data queries.");
            }

            var query = byId[id];
            var width = WidthMs(PeriodOf(query, queries));
            var first = startMs / width * width;
            var series = query.MetricStat is { } stat
                ? Statistic(stat, width, first, endMs)
                : MetricExpression.Parse(query.Expression!).Evaluate(Get, Grid(first, endMs, width));
            results[id] = series;
            return series;
        }

        foreach (var query in queries)
        {
            Get(query.Id);
        }

        return results;
    }

    private SortedDictionary<long, double> Statistic(MetricStatSpec stat, long width, long first, long endMs) =>
        new(store.Points(stat.Metric, first, endMs)
            .GroupBy(p => p.At / width * width)
            .ToDictionary(g => g.Key, g => Statistics.Compute(stat.Stat, [.. g.Select(p => p.Value)])));

    private static List<long> Grid(long first, long endMs, long width)
    {
        if ((endMs - first) / width > 100_800)
        {
            throw CloudWatchException.InvalidParameter("The time range holds more than 100,800 periods; ask for a shorter range or a longer period.");
        }

        var grid = new List<long>();
        for (var t = first; t < endMs; t += width)
        {
            grid.Add(t);
        }

        return grid;
    }
}
