using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Deploy.Edge;

namespace Pipeline.Ecs.Local.Alarms;

/// <summary>
/// What a CloudWatch alarm name means locally: a threshold on the new revision's production traffic over a window,
/// written <c>5xx &gt; 5% over 10s</c> (share of failed requests: 5xx answers and upstream failures) or
/// <c>p99 &gt; 500ms over 10s</c> (also p50, p95, max).
/// </summary>
internal sealed partial record AlarmRule(string Name, string Metric, double Threshold, TimeSpan Window)
{
    public static AlarmRule Parse(string name, string rule)
    {
        var match = RulePattern().Match(rule.Trim());
        if (!match.Success)
        {
            throw new EcsLocalException(
                $"alarm '{name}': rule '{rule}' is not '<5xx|p50|p95|p99|max> > <number><%|ms> over <seconds>s', e.g. '5xx > 5% over 10s'");
        }

        var metric = match.Groups["metric"].Value.ToLowerInvariant();
        var unit = match.Groups["unit"].Value;
        if ((metric == "5xx") != (unit == "%"))
        {
            throw new EcsLocalException($"alarm '{name}': 5xx takes a percentage, latencies take milliseconds ('{rule}')");
        }

        return new AlarmRule(
            name, metric, double.Parse(match.Groups["threshold"].Value, CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(match.Groups["window"].Value, CultureInfo.InvariantCulture)));
    }

    /// <summary>Whether traffic in the window breaches the rule; no request in the window never breaches.</summary>
    public bool IsBreachedBy(EdgeMetrics metrics) => metrics.Requests > 0 && Metric switch
    {
        "5xx" => metrics.ErrorRate * 100 > Threshold,
        "p50" => metrics.P50Ms > Threshold,
        "p95" => metrics.P95Ms > Threshold,
        "p99" => metrics.P99Ms > Threshold,
        _ => metrics.MaxMs > Threshold,
    };

    [GeneratedRegex(@"^(?<metric>5xx|p50|p95|p99|max)\s*>\s*(?<threshold>\d+(\.\d+)?)\s*(?<unit>%|ms)\s+over\s+(?<window>\d+(\.\d+)?)\s*s$", RegexOptions.IgnoreCase)]
    private static partial Regex RulePattern();
}
