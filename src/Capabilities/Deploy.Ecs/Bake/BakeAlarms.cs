using System.Globalization;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// The CloudWatch alarms that carry a deploy's bake thresholds (<see cref="BakeSettings.MaxErrorRate"/>,
/// <see cref="BakeSettings.MaxP99Latency"/>) to ECS, on the metrics an Application Load Balancer publishes for the
/// service's two target groups: the error rate over both (<c>HTTPCode_Target_5XX_Count</c> / <c>RequestCount</c>) and
/// the p99 <c>TargetResponseTime</c> of each. Pipeline puts them (PutMetricAlarm replaces an alarm of the same name, so
/// every deploy brings them to its own thresholds) and names them in <c>deploymentConfiguration.alarms</c>; ECS watches
/// them and rolls back, and Pipeline watches them too (<see cref="BakeWatch"/>).
/// </summary>
internal static class BakeAlarms
{
    public const string Namespace = "AWS/ApplicationELB";

    /// <summary>One CloudWatch period, in seconds: the resolution at which a load balancer publishes.</summary>
    public const int Period = 60;

    /// <summary>
    /// The alarms for <paramref name="service"/>'s first load balancer, or none when it has no target group to watch.
    /// Names start with <c>pipeline-bake-&lt;cluster&gt;-&lt;service&gt;</c>.
    /// </summary>
    public static IReadOnlyList<PutMetricAlarmRequest> For(string cluster, EcsService service, BakeSettings bake)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(bake);
        // A service not set up for blue/green gets none: the deploy refuses it with its own line (RECONCILE_SERVICE).
        if ((service.LoadBalancers ?? []).FirstOrDefault(lb => lb.TargetGroupArn is not null && lb.AdvancedConfiguration is not null) is not { } lb
            || service.ServiceName is not { Length: > 0 } name)
        {
            return [];
        }

        var balancer = LoadBalancerOf(lb);
        var groups = new[] { lb.TargetGroupArn!, lb.AdvancedConfiguration?.AlternateTargetGroupArn }
            .OfType<string>().Distinct(StringComparer.Ordinal).Select(TargetGroupOf).ToList();
        var prefix = $"pipeline-bake-{cluster}-{name}";
        var percent = (bake.MaxErrorRate * 100).ToString("0.###", CultureInfo.InvariantCulture);
        var queries = new List<MetricDataQuery>();
        for (var i = 0; i < groups.Count; i++)
        {
            queries.Add(Sum($"requests{i}", "RequestCount", groups[i], balancer));
            queries.Add(Sum($"errors{i}", "HTTPCode_Target_5XX_Count", groups[i], balancer));
        }

        var errors = string.Join(" + ", groups.Select((_, i) => $"FILL(errors{i}, 0)"));
        var requests = string.Join(" + ", groups.Select((_, i) => $"FILL(requests{i}, 0)"));
        queries.Add(new MetricDataQuery { Id = "errorpercent", Expression = $"100 * ({errors}) / ({requests})", Label = "5xx % of requests", ReturnData = true });
        var alarms = new List<PutMetricAlarmRequest>
        {
            Alarm($"{prefix}-errors", $"Pipeline bake: more than {percent} % of the requests to {name} fail (5xx)", Math.Round(bake.MaxErrorRate * 100, 6)) with
            {
                Metrics = queries,
            },
        };
        alarms.AddRange(groups.Select(group =>
            Alarm($"{prefix}-p99-{NameOf(group)}", $"Pipeline bake: p99 latency of {name} on {group} above {bake.MaxP99Latency.TotalMilliseconds:0} ms", bake.MaxP99Latency.TotalSeconds) with
            {
                Namespace = Namespace,
                MetricName = "TargetResponseTime",
                Dimensions = [Dimension.Of("TargetGroup", group), Dimension.Of("LoadBalancer", balancer)],
                ExtendedStatistic = "p99",
                Period = Period,
            }));
        return alarms;
    }

    /// <summary>The TargetGroup dimension of a target group ARN: <c>targetgroup/name/id</c>.</summary>
    public static string TargetGroupOf(string arn) => arn[(arn.LastIndexOf(':') + 1)..];

    /// <summary>The LoadBalancer dimension (<c>app/name/id</c>), read from the production listener rule's ARN (<c>listener-rule/app/name/id/…</c>).</summary>
    public static string LoadBalancerOf(LoadBalancer lb)
    {
        ArgumentNullException.ThrowIfNull(lb);
        var rule = lb.AdvancedConfiguration?.ProductionListenerRule ?? "";
        var at = rule.IndexOf(":listener-rule/", StringComparison.Ordinal);
        var parts = at < 0 ? [] : rule[(at + ":listener-rule/".Length)..].Split('/');
        return parts.Length >= 3 ? string.Join('/', parts[..3]) : "";
    }

    private static PutMetricAlarmRequest Alarm(string name, string description, double threshold) => new()
    {
        AlarmName = name,
        AlarmDescription = description,
        ActionsEnabled = false,
        EvaluationPeriods = 1,
        DatapointsToAlarm = 1,
        Threshold = threshold,
        ComparisonOperator = CloudWatchValues.ComparisonOperator.GreaterThanThreshold,
        TreatMissingData = CloudWatchValues.TreatMissingData.NotBreaching,
    };

    private static MetricDataQuery Sum(string id, string metric, string group, string balancer) => new()
    {
        Id = id,
        ReturnData = false,
        MetricStat = new MetricStat
        {
            Metric = new Metric { Namespace = Namespace, MetricName = metric, Dimensions = [Dimension.Of("TargetGroup", group), Dimension.Of("LoadBalancer", balancer)] },
            Period = Period,
            Stat = CloudWatchValues.Statistic.Sum,
        },
    };

    /// <summary>The name in a TargetGroup dimension (<c>targetgroup/name/id</c>).</summary>
    private static string NameOf(string group) => group.Split('/') is [_, var name, ..] ? name : group;
}
