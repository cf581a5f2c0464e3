using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// Evaluates a metric alarm as CloudWatch does, over its last EvaluationPeriods complete periods: ALARM when at least
/// DatapointsToAlarm of them breach the threshold, OK otherwise, INSUFFICIENT_DATA when none has data — missing data
/// treated as TreatMissingData says (missing, notBreaching, breaching, ignore).
/// </summary>
internal sealed class AlarmEvaluator(MetricQueryEvaluator queries)
{
    /// <summary>Evaluates every alarm of <paramref name="store"/> not held by SetAlarmState, and moves those whose state changed.</summary>
    public void EvaluateAll(IAlarmStore store, DateTimeOffset now, ILogger logger)
    {
        var alarms = store.ReadAlarms(d => d.Values.Where(a => a.HeldUntil is null || a.HeldUntil <= now).ToList());
        foreach (var alarm in alarms)
        {
            (string State, string Reason, string Data)? next;
            try
            {
                next = Evaluate(alarm, now);
            }
            catch (CloudWatchException e)
            {
                next = ("INSUFFICIENT_DATA", $"Unchecked: {e.Message}", "{}");
            }

            if (next is { } state && state.State != alarm.StateValue)
            {
                store.WriteAlarms(d =>
                {
                    if (d.GetValueOrDefault(alarm.Name) == alarm)
                    {
                        logger.LogInformation("Alarm {Alarm}: {From} -> {To}: {Reason}", alarm.Name, alarm.StateValue, state.State, state.Reason);
                        CloudWatchOperations.Transition(alarm, state.State, state.Reason, state.Data, now);
                    }
                });
            }
        }
    }

    /// <summary>The state the alarm should be in now: (state, reason, reason data), or null to keep its state (ignore with no data).</summary>
    public (string State, string Reason, string Data)? Evaluate(AlarmState alarm, DateTimeOffset now)
    {
        var width = queries.WidthMs(alarm.Period);
        var end = now.ToUnixTimeMilliseconds() / width * width;
        var start = end - alarm.EvaluationPeriods * width;
        var series = queries.Evaluate(alarm.Queries, start, end)[alarm.Evaluated.Id];
        var periods = Enumerable.Range(0, alarm.EvaluationPeriods).Select(i => end - (i + 1) * width).ToList();
        var present = periods.Where(series.ContainsKey).Select(t => (At: t, Value: series[t])).ToList();
        var missing = periods.Count - present.Count;
        var required = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
        var breaching = present.Count(p => alarm.Breaches(p.Value)) + (alarm.TreatMissingData == "breaching" ? missing : 0);
        string state;
        if (breaching >= required)
        {
            state = "ALARM";
        }
        else if (present.Count == 0 && alarm.TreatMissingData is "missing" or "ignore")
        {
            if (alarm.TreatMissingData == "ignore")
            {
                return null;
            }

            state = "INSUFFICIENT_DATA";
        }
        else
        {
            state = "OK";
        }

        var reason = state == "INSUFFICIENT_DATA"
            ? $"Insufficient Data: {alarm.EvaluationPeriods} datapoint{(alarm.EvaluationPeriods == 1 ? " was" : "s were")} unknown."
            : $"Threshold Crossed: {breaching} out of the last {alarm.EvaluationPeriods} datapoints [{string.Join(", ", present.Select(p => $"{Number(p.Value)} ({Time(p.At)})"))}] "
              + $"{(state == "ALARM" ? "were" : "were not")} {Comparison(alarm.ComparisonOperator)} the threshold ({Number(alarm.Threshold)}) "
              + $"(minimum {required} datapoint{(required == 1 ? "" : "s")} for OK -> ALARM transition).";
        var data = new JsonObject
        {
            ["version"] = "1.0",
            ["queryDate"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture),
            ["startDate"] = DateTimeOffset.FromUnixTimeMilliseconds(start).ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture),
            ["period"] = alarm.Period,
            ["recentDatapoints"] = new JsonArray([.. present.Select(p => (JsonNode?)JsonValue.Create(p.Value))]),
            ["threshold"] = alarm.Threshold,
            ["evaluatedDatapoints"] = new JsonArray([.. present.Select(p => (JsonNode?)new JsonObject
            {
                ["timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(p.At).ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture),
                ["value"] = p.Value,
            })]),
        };
        return (state, reason, data.ToJsonString());
    }

    private static string Number(double value) => value.ToString("0.0##", CultureInfo.InvariantCulture);

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Comparison(string comparisonOperator) => comparisonOperator switch
    {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };
}
