using System.Collections.Concurrent;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// The data points of every metric, raw (one per invocation), in memory for <see cref="Retention"/>: statistics are
/// computed from them per period when asked, so percentiles are exact.
/// </summary>
internal sealed class MetricStore
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(3);

    private readonly ConcurrentDictionary<string, Series> series = new(StringComparer.Ordinal);

    public void Put(MetricIdentity metric, double value, DateTimeOffset at) =>
        series.GetOrAdd(metric.Key, _ => new Series()).Add(at.ToUnixTimeMilliseconds(), value);

    /// <summary>The data points of <paramref name="metric"/> in [<paramref name="fromMs"/>, <paramref name="toMs"/>), as (epoch ms, value).</summary>
    public IReadOnlyList<(long At, double Value)> Points(MetricIdentity metric, long fromMs, long toMs) =>
        series.TryGetValue(metric.Key, out var found) ? found.Between(fromMs, toMs) : [];

    private sealed class Series
    {
        private readonly Lock gate = new();
        private readonly List<long> times = [];
        private readonly List<double> values = [];

        public void Add(long at, double value)
        {
            lock (gate)
            {
                var index = times.Count;
                while (index > 0 && times[index - 1] > at)
                {
                    index--;
                }

                times.Insert(index, at);
                values.Insert(index, value);
                var cutoff = at - (long)Retention.TotalMilliseconds;
                if (times[0] < cutoff)
                {
                    var found = times.BinarySearch(cutoff);
                    var drop = found >= 0 ? found : ~found;
                    times.RemoveRange(0, drop);
                    values.RemoveRange(0, drop);
                }
            }
        }

        public List<(long At, double Value)> Between(long fromMs, long toMs)
        {
            lock (gate)
            {
                var found = times.BinarySearch(fromMs);
                var start = found >= 0 ? found : ~found;
                while (start > 0 && times[start - 1] == fromMs)
                {
                    start--;
                }

                var result = new List<(long, double)>();
                for (var i = start; i < times.Count && times[i] < toMs; i++)
                {
                    result.Add((times[i], values[i]));
                }

                return result;
            }
        }
    }
}
