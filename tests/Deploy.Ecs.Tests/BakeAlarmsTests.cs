using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.Bake;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>The CloudWatch alarms that carry a deploy's bake thresholds: on the load balancer metrics of the new revision's target group.</summary>
public sealed class BakeAlarmsTests
{
    private const string Elb = "arn:aws:elasticloadbalancing:eu-west-1:123456789012";

    private static readonly EcsService Service = new()
    {
        ServiceName = "api",
        LoadBalancers =
        [
            new LoadBalancer
            {
                TargetGroupArn = $"{Elb}:targetgroup/api-blue/0123456789abcdef",
                AdvancedConfiguration = new AdvancedConfiguration
                {
                    AlternateTargetGroupArn = $"{Elb}:targetgroup/api-green/fedcba9876543210",
                    ProductionListenerRule = $"{Elb}:listener-rule/app/shop/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee",
                },
            },
        ],
    };

    private static readonly string Blue = Service.LoadBalancers[0].TargetGroupArn!;
    private static readonly string Green = Service.LoadBalancers[0].AdvancedConfiguration!.AlternateTargetGroupArn!;

    [Fact]
    public void The_error_rate_alarm_divides_5xx_by_requests_of_the_new_revisions_target_group_only_at_the_threshold_in_percent()
    {
        var alarms = BakeAlarms.For("prod", Service, new BakeSettings { MaxErrorRate = 0.07 }, Green);

        var errors = alarms.Single(a => a.AlarmName == "pipeline-bake-prod-api-errors");
        Assert.Equal(7, errors.Threshold);
        Assert.Equal("GreaterThanThreshold", errors.ComparisonOperator);
        Assert.Equal("notBreaching", errors.TreatMissingData);
        var rate = errors.Metrics!.Single(m => m.ReturnData == true);
        Assert.Equal("100 * (FILL(errors0, 0)) / (FILL(requests0, 0))", rate.Expression);
        Assert.Equal(["TargetGroup=targetgroup/api-green/fedcba9876543210,LoadBalancer=app/shop/50dc6c495c0c9188"], Dimensions(errors));
    }

    [Fact]
    public void When_the_new_target_group_is_unknown_the_error_rate_sums_both_and_the_p99_is_the_load_balancers()
    {
        var alarms = BakeAlarms.For("prod", Service, new BakeSettings { MaxErrorRate = 0.07 }, newTargetGroupArn: null);

        var errors = alarms.Single(a => a.AlarmName == "pipeline-bake-prod-api-errors");
        Assert.Equal("100 * (FILL(errors0, 0) + FILL(errors1, 0)) / (FILL(requests0, 0) + FILL(requests1, 0))", errors.Metrics!.Single(m => m.ReturnData == true).Expression);
        Assert.Equal(2, Dimensions(errors).Count);
        var p99 = alarms.Single(a => a.AlarmName == "pipeline-bake-prod-api-p99");
        Assert.Equal(["LoadBalancer=app/shop/50dc6c495c0c9188"], p99.Dimensions!.Select(d => $"{d.Name}={d.Value}"));
    }

    [Fact]
    public void The_p99_alarm_watches_the_new_target_groups_response_time_in_seconds()
    {
        var alarms = BakeAlarms.For("prod", Service, new BakeSettings { MaxP99Latency = TimeSpan.FromMilliseconds(800) }, Blue);

        var p99 = Assert.Single(alarms, a => a.AlarmName.Contains("-p99", StringComparison.Ordinal));
        Assert.Equal("pipeline-bake-prod-api-p99", p99.AlarmName);
        Assert.Equal(0.8, p99.Threshold);
        Assert.Equal("p99", p99.ExtendedStatistic);
        Assert.Equal("TargetResponseTime", p99.MetricName);
        Assert.Equal(BakeAlarms.Period, p99.Period);
        Assert.Equal(["TargetGroup=targetgroup/api-blue/0123456789abcdef", "LoadBalancer=app/shop/50dc6c495c0c9188"], p99.Dimensions!.Select(d => $"{d.Name}={d.Value}"));
    }

    [Fact]
    public void The_new_revision_serves_from_the_target_group_the_live_revision_does_not_use()
    {
        static ServiceRevision Live(string group) => new() { ResolvedConfiguration = new ResolvedConfiguration { LoadBalancers = [new ServiceRevisionLoadBalancer { TargetGroupArn = group }] } };

        Assert.Equal(Green, BakeAlarms.NewTargetGroup(Service, Live(Blue)));
        Assert.Equal(Blue, BakeAlarms.NewTargetGroup(Service, Live(Green)));
        Assert.Equal(Blue, BakeAlarms.NewTargetGroup(Service, live: null)); // nothing live yet: the primary one
        Assert.Null(BakeAlarms.NewTargetGroup(Service, new ServiceRevision())); // no resolvedConfiguration: cannot tell
    }

    [Theory]
    [InlineData("pipeline-bake-prod-api-errors", "TargetGroup", "targetgroup/api-green/fedcba9876543210", true)]
    [InlineData("pipeline-bake-prod-api-p99-api-blue", "TargetGroup", "targetgroup/api-blue/0123456789abcdef", true)] // an older release's, one per target group
    [InlineData("pipeline-bake-prod-api-p99", "LoadBalancer", "app/shop/50dc6c495c0c9188", true)]
    [InlineData("pipeline-bake-prod-api-v2-errors", "TargetGroup", "targetgroup/api-green/fedcba9876543210", false)] // service api-v2's
    [InlineData("pipeline-bake-prod-api-errors", "TargetGroup", "targetgroup/other/1", false)] // same name, another service's target group
    [InlineData("pipeline-bake-prod-api-latency", "TargetGroup", "targetgroup/api-blue/0123456789abcdef", false)] // not a name Pipeline gives
    public void Only_the_services_own_bake_alarms_are_deleted(string name, string dimension, string value, bool belongs)
    {
        var alarm = new MetricAlarm { AlarmName = name, Dimensions = [Dimension.Of(dimension, value)] };

        Assert.Equal(belongs, BakeAlarms.BelongsTo(alarm, "prod", Service));
    }

    [Fact]
    public void A_service_without_a_target_group_gets_no_alarm()
    {
        Assert.Empty(BakeAlarms.For("prod", new EcsService { ServiceName = "worker" }, new BakeSettings()));
    }

    private static List<string> Dimensions(PutMetricAlarmRequest alarm) =>
        [.. alarm.Metrics!.Where(m => m.MetricStat is not null).Select(m => string.Join(",", m.MetricStat!.Metric!.Dimensions!.Select(d => $"{d.Name}={d.Value}"))).Distinct()];
}
