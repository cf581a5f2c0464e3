using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// The CloudWatch operations a deploy reads and writes: PutMetricAlarm, DescribeAlarms, DeleteAlarms, SetAlarmState and
/// GetMetricData, over the metrics a stand-in records from its real traffic (the local Lambda's invocations, the local
/// ECS's load balancer requests).
/// </summary>
internal sealed class CloudWatchOperations(IAlarmStore store, string region, string account, MetricQueryEvaluator evaluator)
{
    private static readonly string[] MissingDataTreatments = ["breaching", "notBreaching", "ignore", "missing"];
    private static readonly string[] Comparisons = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
    private static readonly string[] States = ["OK", "ALARM", "INSUFFICIENT_DATA"];

    public IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> Table => new Dictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>>(StringComparer.Ordinal)
    {
        ["PutMetricAlarm"] = (r, _) => Task.FromResult(PutMetricAlarm(r)),
        ["DescribeAlarms"] = (r, _) => Task.FromResult(DescribeAlarms(r)),
        ["DeleteAlarms"] = (r, _) => Task.FromResult(DeleteAlarms(r)),
        ["SetAlarmState"] = (r, _) => Task.FromResult(SetAlarmState(r)),
        ["GetMetricData"] = (r, _) => Task.FromResult(GetMetricData(r)),
    };

    private JsonObject PutMetricAlarm(JsonMembers request)
    {
        var name = request.String("AlarmName") ?? throw CloudWatchException.Missing("The parameter AlarmName is required.");
        var periods = request.Int("EvaluationPeriods") ?? throw CloudWatchException.Missing("The parameter EvaluationPeriods is required.");
        var comparison = request.String("ComparisonOperator") ?? throw CloudWatchException.Missing("The parameter ComparisonOperator is required.");
        if (!Comparisons.Contains(comparison))
        {
            throw CloudWatchException.InvalidParameter($"ComparisonOperator {comparison} is not supported by the local CloudWatch (anomaly detection bands are not): use one of {string.Join(", ", Comparisons)}.");
        }

        if (request.Has("ThresholdMetricId") || request.Has("EvaluationCriteria"))
        {
            throw CloudWatchException.InvalidParameter("Anomaly detection and PromQL alarms are not supported by the local CloudWatch.");
        }

        var threshold = request.Double("Threshold") ?? throw CloudWatchException.Missing("The parameter Threshold is required.");
        var datapoints = request.Int("DatapointsToAlarm");
        if (periods < 1 || datapoints is < 1 || datapoints > periods)
        {
            throw CloudWatchException.InvalidParameter("EvaluationPeriods must be at least 1 and DatapointsToAlarm between 1 and EvaluationPeriods.");
        }

        var treatMissing = request.String("TreatMissingData") ?? "missing";
        if (!MissingDataTreatments.Contains(treatMissing))
        {
            throw CloudWatchException.InvalidParameter($"TreatMissingData must be one of {string.Join(", ", MissingDataTreatments)}.");
        }

        var (queries, isMath) = AlarmQueries(request);
        var now = DateTimeOffset.UtcNow;
        store.WriteAlarms(d =>
        {
            var alarm = d.TryGetValue(name, out var existing)
                ? existing
                : d[name] = new AlarmState { Name = name, Arn = $"arn:aws:cloudwatch:{region}:{account}:alarm:{name}", ComparisonOperator = comparison, StateUpdated = now, StateTransitioned = now };
            alarm.Description = request.String("AlarmDescription");
            alarm.ActionsEnabled = request.Bool("ActionsEnabled") ?? true;
            alarm.OkActions = [.. request.Strings("OKActions") ?? []];
            alarm.AlarmActions = [.. request.Strings("AlarmActions") ?? []];
            alarm.InsufficientDataActions = [.. request.Strings("InsufficientDataActions") ?? []];
            alarm.Queries = queries;
            alarm.IsMetricMath = isMath;
            alarm.EvaluationPeriods = periods;
            alarm.DatapointsToAlarm = datapoints;
            alarm.Threshold = threshold;
            alarm.ComparisonOperator = comparison;
            alarm.TreatMissingData = treatMissing;
            alarm.EvaluateLowSampleCountPercentile = request.String("EvaluateLowSampleCountPercentile");
            alarm.Unit = request.String("Unit");
            alarm.ConfigurationUpdated = now;
            alarm.HeldUntil = null;
            foreach (var tag in request.Objects("Tags") ?? [])
            {
                alarm.Tags[tag.Required("Key")] = tag.String("Value") ?? "";
            }
        });
        return [];
    }

    /// <summary>A single-metric alarm as one MetricStat query, or the alarm's own Metrics with exactly one returning data.</summary>
    private static (List<MetricQuery> Queries, bool IsMath) AlarmQueries(JsonMembers request)
    {
        var metrics = request.Objects("Metrics");
        var single = request.Has("MetricName") || request.Has("Namespace") || request.Has("Statistic") || request.Has("ExtendedStatistic") || request.Has("Dimensions");
        if (metrics is not null)
        {
            if (single || request.Has("Period"))
            {
                throw CloudWatchException.Combination("Metrics cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions or Period.");
            }

            var queries = MetricQuery.ReadAll(metrics);
            if (queries.Count(q => q.ReturnData) != 1)
            {
                throw CloudWatchException.InvalidParameter("Exactly one element of the Metrics list must have ReturnData set to true.");
            }

            return (queries, true);
        }

        var statistic = request.String("Statistic");
        var extended = request.String("ExtendedStatistic");
        if (statistic is null == extended is null)
        {
            throw CloudWatchException.Combination("Exactly one of Statistic and ExtendedStatistic must be given.");
        }

        if (statistic is not null && !Statistics.IsStandard(statistic) || extended is not null && Statistics.IsStandard(extended))
        {
            throw CloudWatchException.InvalidParameter("Statistic takes SampleCount, Sum, Average, Minimum or Maximum; a percentile such as p99 goes in ExtendedStatistic.");
        }

        var stat = new MetricStatSpec(
            new MetricIdentity(
                request.String("Namespace") ?? throw CloudWatchException.Missing("The parameter Namespace is required."),
                request.String("MetricName") ?? throw CloudWatchException.Missing("The parameter MetricName is required."),
                MetricStatSpec.ReadDimensions(request.Objects("Dimensions"))),
            Periods.Validate(request.Int("Period") ?? throw CloudWatchException.Missing("The parameter Period is required.")),
            Statistics.Validate(statistic ?? extended!, statistic is null ? "ExtendedStatistic" : "Statistic"),
            request.String("Unit"));
        return ([new MetricQuery("m1", stat, null, null, true, null)], false);
    }

    private JsonObject DescribeAlarms(JsonMembers request)
    {
        var names = request.Strings("AlarmNames");
        var prefix = request.String("AlarmNamePrefix");
        if (names is not null && prefix is not null)
        {
            throw CloudWatchException.Combination("AlarmNames and AlarmNamePrefix cannot be given together.");
        }

        var state = request.String("StateValue");
        if (state is not null && !States.Contains(state))
        {
            throw CloudWatchException.InvalidParameter($"StateValue must be one of {string.Join(", ", States)}.");
        }

        var max = request.Int("MaxRecords") ?? 50;
        if (max is < 1 or > 100)
        {
            throw CloudWatchException.InvalidParameter("MaxRecords must be between 1 and 100.");
        }

        var start = 0;
        if (request.String("NextToken") is { } token && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw CloudWatchException.InvalidNextToken("The NextToken is not valid.");
        }

        var types = request.Strings("AlarmTypes");
        var wantMetric = types is null || types.Contains("MetricAlarm");
        var actionPrefix = request.String("ActionPrefix");
        var alarms = !wantMetric ? [] : store.ReadAlarms(d => d.Values
            .Where(a => names is null || names.Contains(a.Name))
            .Where(a => prefix is null || a.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Where(a => state is null || a.StateValue == state)
            .Where(a => actionPrefix is null || a.AlarmActions.Concat(a.OkActions).Concat(a.InsufficientDataActions).Any(x => x.StartsWith(actionPrefix, StringComparison.Ordinal)))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(Render)
            .ToList());
        var page = alarms.Skip(start).Take(max).ToList();
        var result = new JsonObject { ["MetricAlarms"] = JsonNodes.Array(page) };
        if (types is not null && types.Contains("CompositeAlarm"))
        {
            result["CompositeAlarms"] = new JsonArray();
        }

        if (start + page.Count < alarms.Count)
        {
            result["NextToken"] = (start + page.Count).ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private JsonObject DeleteAlarms(JsonMembers request)
    {
        var names = request.Strings("AlarmNames") ?? throw CloudWatchException.Missing("The parameter AlarmNames is required.");
        // As CloudWatch documents: the alarms that exist are deleted even when another name is unknown.
        var missing = store.WriteAlarms(d => names.Where(n => !d.Remove(n)).FirstOrDefault());
        return missing is null ? [] : throw CloudWatchException.NotFound($"Alarm {missing} not found.");
    }

    private JsonObject SetAlarmState(JsonMembers request)
    {
        var name = request.String("AlarmName") ?? throw CloudWatchException.Missing("The parameter AlarmName is required.");
        var value = request.String("StateValue") ?? throw CloudWatchException.Missing("The parameter StateValue is required.");
        var reason = request.String("StateReason") ?? throw CloudWatchException.Missing("The parameter StateReason is required.");
        if (!States.Contains(value))
        {
            throw CloudWatchException.InvalidParameter($"StateValue must be one of {string.Join(", ", States)}.");
        }

        var data = request.String("StateReasonData");
        if (data is not null)
        {
            try
            {
                JsonDocument.Parse(data).Dispose();
            }
            catch (JsonException)
            {
                throw CloudWatchException.InvalidParameter("StateReasonData must be valid JSON.");
            }
        }

        store.WriteAlarms(d =>
        {
            var alarm = d.GetValueOrDefault(name) ?? throw CloudWatchException.NotFound($"Alarm {name} not found.");
            var now = DateTimeOffset.UtcNow;
            Transition(alarm, value, reason, data, now);
            alarm.HeldUntil = now.AddMilliseconds(evaluator.WidthMs(alarm.Period));
        });
        return [];
    }

    private JsonObject GetMetricData(JsonMembers request)
    {
        var items = request.Objects("MetricDataQueries") ?? throw CloudWatchException.Missing("The parameter MetricDataQueries is required.");
        var start = request.Time("StartTime") ?? throw CloudWatchException.Missing("The parameter StartTime is required.");
        var end = request.Time("EndTime") ?? throw CloudWatchException.Missing("The parameter EndTime is required.");
        if (end <= start)
        {
            throw CloudWatchException.InvalidParameter("The parameter StartTime must be less than the parameter EndTime.");
        }

        var ascending = request.String("ScanBy") switch
        {
            null or "TimestampDescending" => false,
            "TimestampAscending" => true,
            var other => throw CloudWatchException.InvalidParameter($"ScanBy {other} must be TimestampDescending or TimestampAscending."),
        };
        var queries = MetricQuery.ReadAll(items);
        var results = evaluator.Evaluate(queries, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
        var output = queries.Where(q => q.ReturnData).Select(q =>
        {
            var points = ascending ? results[q.Id].ToList() : results[q.Id].Reverse().ToList();
            return (JsonNode?)new JsonObject
            {
                ["Id"] = q.Id,
                ["Label"] = q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id,
                ["Timestamps"] = JsonNodes.Array(points.Select(p => (JsonNode?)JsonValue.Create(p.Key / 1000.0))),
                ["Values"] = JsonNodes.Array(points.Select(p => (JsonNode?)JsonValue.Create(p.Value))),
                ["StatusCode"] = "Complete",
            };
        });
        return new JsonObject { ["MetricDataResults"] = JsonNodes.Array(output), ["Messages"] = new JsonArray() };
    }

    /// <summary>Puts an alarm in a state (a transition stamps its time; the same state only updates the reason).</summary>
    public static void Transition(AlarmState alarm, string state, string reason, string? data, DateTimeOffset now)
    {
        if (alarm.StateValue != state)
        {
            alarm.StateTransitioned = now;
        }

        alarm.StateValue = state;
        alarm.StateReason = reason;
        alarm.StateReasonData = data;
        alarm.StateUpdated = now;
    }

    private static JsonObject Render(AlarmState alarm)
    {
        var single = alarm.IsMetricMath ? null : alarm.Queries[0].MetricStat;
        var stat = single?.Stat;
        var extended = stat is not null && !Statistics.IsStandard(stat);
        return JsonNodes.Object(
            ("AlarmName", alarm.Name),
            ("AlarmArn", alarm.Arn),
            ("AlarmDescription", alarm.Description),
            ("AlarmConfigurationUpdatedTimestamp", Epoch(alarm.ConfigurationUpdated)),
            ("ActionsEnabled", alarm.ActionsEnabled),
            ("OKActions", JsonNodes.Strings(alarm.OkActions)),
            ("AlarmActions", JsonNodes.Strings(alarm.AlarmActions)),
            ("InsufficientDataActions", JsonNodes.Strings(alarm.InsufficientDataActions)),
            ("StateValue", alarm.StateValue),
            ("StateReason", alarm.StateReason),
            ("StateReasonData", alarm.StateReasonData),
            ("StateUpdatedTimestamp", Epoch(alarm.StateUpdated)),
            ("MetricName", single?.Metric.MetricName),
            ("Namespace", single?.Metric.Namespace),
            ("Statistic", extended ? null : stat),
            ("ExtendedStatistic", extended ? stat : null),
            ("Dimensions", single is null ? null : MetricStatSpec.DimensionsJson(single.Metric.Dimensions)),
            ("Period", single?.Period),
            ("Unit", alarm.Unit),
            ("EvaluationPeriods", alarm.EvaluationPeriods),
            ("DatapointsToAlarm", alarm.DatapointsToAlarm),
            ("Threshold", alarm.Threshold),
            ("ComparisonOperator", alarm.ComparisonOperator),
            ("TreatMissingData", alarm.TreatMissingData),
            ("EvaluateLowSampleCountPercentile", alarm.EvaluateLowSampleCountPercentile),
            ("Metrics", alarm.IsMetricMath ? JsonNodes.Array(alarm.Queries.Select(q => (JsonNode?)q.ToJson())) : null),
            ("StateTransitionedTimestamp", Epoch(alarm.StateTransitioned)));
    }

    private static JsonNode Epoch(DateTimeOffset value) => JsonValue.Create(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));
}
