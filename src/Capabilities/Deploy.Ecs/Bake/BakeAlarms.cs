using System.Globalization;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;

namespace Pipeline.Deploy.Ecs.Bake;

/// <summary>
/// The CloudWatch alarms that carry a deploy's bake thresholds (<see cref="BakeSettings.MaxErrorRate"/>,
/// <see cref="BakeSettings.MaxP99Latency"/>) to ECS, on the metrics an Application Load Balancer publishes per target
/// group: the error rate (<c>HTTPCode_Target_5XX_Count</c> / <c>RequestCount</c>) and the p99
/// <c>TargetResponseTime</c> of the target group the new revision serves from — the other one still serves the release
/// it replaces, whose errors are not the new release's. Pipeline puts them (PutMetricAlarm replaces an alarm of the
/// same name, so every deploy brings them to its own thresholds and target group) and names them in
/// <c>deploymentConfiguration.alarms</c>; ECS watches them and rolls back, and Pipeline watches them too
/// (<see cref="BakeWatch"/>).
/// </summary>
internal static class BakeAlarms
{
    public const string Namespace = "AWS/ApplicationELB";

    /// <summary>One CloudWatch period, in seconds: the resolution at which a load balancer publishes.</summary>
    public const int Period = 60;

    /// <summary>Periods an alarm evaluates: one breaching period is a breach.</summary>
    public const int EvaluationPeriods = 1;

    /// <summary>
    /// The alarms for <paramref name="service"/>'s first load balancer, or none when it has no target group to watch.
    /// They watch <paramref name="newTargetGroupArn"/> (see <see cref="NewTargetGroup"/>); when it is unknown, the
    /// error rate sums both target groups and the p99 is the load balancer's. Names are
    /// <c>pipeline-bake-&lt;cluster&gt;-&lt;service&gt;-errors</c> and <c>…-p99</c>.
    /// </summary>
    public static IReadOnlyList<PutMetricAlarmRequest> For(string cluster, EcsService service, BakeSettings bake, string? newTargetGroupArn = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(bake);
        // A service not set up for blue/green gets none: the deploy refuses it with its own line (RECONCILE_SERVICE).
        if (BlueGreenBalancer(service) is not { } lb || service.ServiceName is not { Length: > 0 } name)
        {
            return [];
        }

        var balancer = LoadBalancerOf(lb);
        var both = TargetGroupArns(lb);
        var watched = newTargetGroupArn is not null && both.Contains(newTargetGroupArn) ? [newTargetGroupArn] : both;
        var groups = watched.Select(TargetGroupOf).ToList();
        var prefix = PrefixOf(cluster, name);
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
        var on = groups.Count == 1 ? $"target group {groups[0]}" : "both target groups";
        return
        [
            Alarm($"{prefix}-errors", $"Pipeline bake: more than {percent} % of the requests to {name} fail (5xx) on {on}", Math.Round(bake.MaxErrorRate * 100, 6)) with
            {
                Metrics = queries,
            },
            Alarm($"{prefix}-p99", $"Pipeline bake: p99 latency of {name} above {bake.MaxP99Latency.TotalMilliseconds:0} ms on {(groups.Count == 1 ? on : $"load balancer {balancer}")}", bake.MaxP99Latency.TotalSeconds) with
            {
                Namespace = Namespace,
                MetricName = "TargetResponseTime",
                Dimensions = groups.Count == 1 ? [Dimension.Of("TargetGroup", groups[0]), Dimension.Of("LoadBalancer", balancer)] : [Dimension.Of("LoadBalancer", balancer)],
                ExtendedStatistic = "p99",
                Period = Period,
            },
        ];
    }

    /// <summary>
    /// The target group a new revision will serve from: the one of the two that the live revision does not use (ECS
    /// alternates them), read from the live revision's <c>resolvedConfiguration</c>; the primary one when nothing is
    /// live yet; null when it cannot be told.
    /// </summary>
    public static string? NewTargetGroup(EcsService service, ServiceRevision? live)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (BlueGreenBalancer(service) is not { } lb)
        {
            return null;
        }

        var both = TargetGroupArns(lb);
        if (live is null)
        {
            return both[0];
        }

        var current = live.ResolvedConfiguration?.LoadBalancers.Select(r => r.TargetGroupArn).FirstOrDefault(g => g is not null && both.Contains(g));
        return current is null || both.Count < 2 ? null : both.First(g => g != current);
    }

    /// <summary>Whether <paramref name="alarm"/> is named as Pipeline names its bake alarms (and so is Pipeline's to reset).</summary>
    public static bool IsPipelines(string alarm) => alarm.StartsWith("pipeline-bake-", StringComparison.Ordinal);

    /// <summary>What every bake alarm of the service's name starts with.</summary>
    public static string PrefixOf(string cluster, string service) => $"pipeline-bake-{cluster}-{service}";

    /// <summary>
    /// Whether <paramref name="alarm"/> is one of the service's bake alarms, today's or an older release's (p99 alarms
    /// were once one per target group): its name has the service's prefix and it watches one of the service's target groups.
    /// </summary>
    public static bool BelongsTo(MetricAlarm alarm, string cluster, EcsService service)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        ArgumentNullException.ThrowIfNull(service);
        var prefix = PrefixOf(cluster, service.ServiceName ?? "") + "-";
        if (BlueGreenBalancer(service) is not { } lb || alarm.AlarmName is not { } name || !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var groups = TargetGroupArns(lb).Select(TargetGroupOf).ToList();
        var suffix = name[prefix.Length..];
        if (suffix is not ("errors" or "p99") && !groups.Any(g => suffix == $"p99-{NameOf(g)}"))
        {
            return false;
        }

        var dimensions = (alarm.Dimensions ?? []).Concat((alarm.Metrics ?? []).SelectMany(m => m.MetricStat?.Metric?.Dimensions ?? [])).ToList();
        return dimensions.Any(d => d.Name is "TargetGroup" && d.Value is not null && groups.Contains(d.Value))
            || dimensions.Any(d => d.Name is "LoadBalancer" && d.Value == LoadBalancerOf(lb));
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
        EvaluationPeriods = EvaluationPeriods,
        DatapointsToAlarm = EvaluationPeriods,
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

    private static LoadBalancer? BlueGreenBalancer(EcsService service) =>
        (service.LoadBalancers ?? []).FirstOrDefault(lb => lb.TargetGroupArn is not null && lb.AdvancedConfiguration is not null);

    /// <summary>The primary target group, then the alternate one.</summary>
    private static List<string> TargetGroupArns(LoadBalancer lb) =>
        new[] { lb.TargetGroupArn!, lb.AdvancedConfiguration?.AlternateTargetGroupArn }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
