using System.Globalization;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>CloudWatch statistics over the data points of one period: SampleCount, Sum, Average, Minimum, Maximum and percentiles pNN(.N).</summary>
internal static class Statistics
{
    public static bool IsSupported(string stat) => IsStandard(stat) || Percentile(stat) is not null;

    /// <summary>One of the statistics PutMetricAlarm takes as Statistic (the others are ExtendedStatistic).</summary>
    public static bool IsStandard(string stat) => stat is "SampleCount" or "Sum" or "Average" or "Minimum" or "Maximum";

    /// <summary>Throws CloudWatch's InvalidParameterValue for a statistic this local CloudWatch does not compute.</summary>
    public static string Validate(string stat, string member) => IsSupported(stat)
        ? stat
        : throw CloudWatchException.InvalidParameter(
            $"{member} '{stat}' is not supported by the local CloudWatch (SampleCount, Sum, Average, Minimum, Maximum, or a percentile p0-p100 such as p99).");

    public static double Compute(string stat, IReadOnlyList<double> values) => stat switch
    {
        "SampleCount" => values.Count,
        "Sum" => values.Sum(),
        "Average" => values.Average(),
        "Minimum" => values.Min(),
        "Maximum" => values.Max(),
        _ => NearestRank(values, Percentile(stat)!.Value),
    };

    private static double? Percentile(string stat) =>
        stat.Length > 1 && stat[0] == 'p' && double.TryParse(stat[1..], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100
            ? p
            : null;

    private static double NearestRank(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
