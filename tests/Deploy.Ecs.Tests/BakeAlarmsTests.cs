using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.Bake;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>The CloudWatch alarms that carry a deploy's bake thresholds: on the load balancer metrics of both target groups.</summary>
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

    [Fact]
    public void The_error_rate_alarm_divides_5xx_by_requests_over_both_target_groups_at_the_threshold_in_percent()
    {
        var alarms = BakeAlarms.For("prod", Service, new BakeSettings { MaxErrorRate = 0.07 });

        var errors = alarms.Single(a => a.AlarmName == "pipeline-bake-prod-api-errors");
        Assert.Equal(7, errors.Threshold);
        Assert.Equal("GreaterThanThreshold", errors.ComparisonOperator);
        Assert.Equal("notBreaching", errors.TreatMissingData);
        var rate = errors.Metrics!.Single(m => m.ReturnData == true);
        Assert.Equal("100 * (FILL(errors0, 0) + FILL(errors1, 0)) / (FILL(requests0, 0) + FILL(requests1, 0))", rate.Expression);
        var dimensions = errors.Metrics!.Where(m => m.MetricStat is not null).Select(m => string.Join(",", m.MetricStat!.Metric!.Dimensions!.Select(d => $"{d.Name}={d.Value}"))).Distinct().ToList();
        Assert.Equal(
            ["TargetGroup=targetgroup/api-blue/0123456789abcdef,LoadBalancer=app/shop/50dc6c495c0c9188", "TargetGroup=targetgroup/api-green/fedcba9876543210,LoadBalancer=app/shop/50dc6c495c0c9188"],
            dimensions);
    }

    [Fact]
    public void The_p99_alarms_watch_each_target_groups_response_time_in_seconds()
    {
        var alarms = BakeAlarms.For("prod", Service, new BakeSettings { MaxP99Latency = TimeSpan.FromMilliseconds(800) });

        var p99 = alarms.Where(a => a.AlarmName.Contains("-p99-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["pipeline-bake-prod-api-p99-api-blue", "pipeline-bake-prod-api-p99-api-green"], p99.Select(a => a.AlarmName));
        Assert.All(p99, a =>
        {
            Assert.Equal(0.8, a.Threshold);
            Assert.Equal("p99", a.ExtendedStatistic);
            Assert.Equal("TargetResponseTime", a.MetricName);
            Assert.Equal(BakeAlarms.Period, a.Period);
        });
    }

    [Fact]
    public void A_service_without_a_target_group_gets_no_alarm()
    {
        Assert.Empty(BakeAlarms.For("prod", new EcsService { ServiceName = "worker" }, new BakeSettings()));
    }
}
