using System.Globalization;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// Every platform judges the bake, ECS too: on the rehearsal path (CloudWatch on the local ECS, one ECS minute as long
/// as the local ECS makes it) the deploy's thresholds become CloudWatch alarms on the load balancer's metrics, named in
/// deploymentConfiguration.alarms, watched by ECS and by Pipeline. Under load, a release failing about 7 % of its
/// requests is rolled back during the bake with the alarm's reason, and so is the next one right after (the alarm set to
/// OK at the start, so its breach is a change again); a healthy one passes over a failing live one (only its own target
/// group counts) and the service's older bake alarms are deleted; without alarms, or with a bake too short for them, the
/// record and Status say nobody judged the bake.
/// </summary>
[Collection(EcsLocalCollection.Name)]
public sealed class BakeJudgementTests(EcsLocalFixture ecs, ITestOutputHelper output)
{
    private static readonly SmokeTests RootOnly = new SmokeTests().Http("root", "/", c => c.ExpectStatus(200));

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_release_failing_7_percent_of_requests_is_rolled_back_during_the_bake_with_the_alarms_reason()
    {
        var scenario = new Scenario(ecs, output, "bake-bad");
        await scenario.StartAsync();
        await using var environment = scenario.Open(Rehearsal(scenario.Settings("v2", failPercent: 7)));
        ecs.RequestsSinceLastCheck();

        DeploymentRecord record;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 4))
        {
            record = await environment.DeployAsync(scenario.Spec("2.0.0", smoke: RootOnly, bake: TimeSpan.FromSeconds(60)), CancellationToken.None);
            output.WriteLine($"load: {load}");
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Alarm, record.RollbackReason!.Trigger);
        var errorsAlarm = $"pipeline-bake-{scenario.Cluster}-web-errors";
        Assert.Contains(errorsAlarm, record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains("went into ALARM", record.RollbackReason.Message, StringComparison.Ordinal); // Pipeline's words or ECS's, whichever acted first
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.BakeTime);
        Assert.True(record.Duration < TimeSpan.FromSeconds(55), $"the deploy lasted {record.Duration}: the 60 s bake was not cut short");
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First().Status);

        using var cloudWatch = CloudWatch();
        var alarm = (await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [errorsAlarm] }, CancellationToken.None)).MetricAlarms.Single();
        Assert.Equal(5, alarm.Threshold);
        var breachToRollback = record.FinishedAt!.Value - alarm.StateTransitionedTimestamp!.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alarm {errorsAlarm} ALARM at {alarm.StateTransitionedTimestamp:HH:mm:ss.fff} ({alarm.StateReason}); rolled back at {record.FinishedAt:HH:mm:ss.fff}: {breachToRollback.TotalSeconds:0.0} s from breach to rollback"));
        Assert.All(
            alarm.Metrics!.Where(m => m.MetricStat is not null).SelectMany(m => m.MetricStat!.Metric!.Dimensions!).Where(d => d.Name == "TargetGroup"),
            d => Assert.StartsWith("targetgroup/green-", d.Value, StringComparison.Ordinal)); // 2.0.0's target group only, not v1's

        // Right after the rollback the alarm is still in ALARM: the next deploy sets it to OK, so the next bad release's breach is a change again.
        DeploymentRecord again;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 4))
        {
            again = await environment.DeployAsync(scenario.Spec("3.0.0", smoke: RootOnly, bake: TimeSpan.FromSeconds(60)), CancellationToken.None);
        }

        output.WriteLine(DeploymentReport.ToText(again));
        Assert.Equal(DeploymentOutcome.RolledBack, again.Outcome);
        Assert.Equal(RollbackTrigger.Alarm, again.RollbackReason!.Trigger);
        Assert.Contains(errorsAlarm, again.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        var requests = ecs.RequestsSinceLastCheck();
        Assert.Contains("PutMetricAlarm", requests);
        Assert.Contains("SetAlarmState", requests);
        Assert.Contains("DescribeAlarms", requests);
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_healthy_release_over_a_failing_live_one_is_judged_on_its_own_target_group_and_passes()
    {
        var scenario = new Scenario(ecs, output, "bake-ok");
        await scenario.StartAsync();
        await using (var unwatched = scenario.Open(Rehearsal(scenario.Settings("v2", failPercent: 7)) with { BakeAlarms = false }))
        {
            Assert.True((await unwatched.DeployAsync(scenario.Spec("2.0.0", smoke: RootOnly), CancellationToken.None)).Succeeded);
        }

        using var cloudWatch = CloudWatch();
        var prefix = $"pipeline-bake-{scenario.Cluster}-web";
        var blue = $"targetgroup/blue-{scenario.ProductionUrl.Port}/1";
        var older = await PutAlarmAsync(cloudWatch, $"{prefix}-p99-blue-{scenario.ProductionUrl.Port}", blue); // one per target group, as older releases named them
        var otherService = await PutAlarmAsync(cloudWatch, $"{prefix}-v2-errors", blue); // service web-v2's, by its name
        await using var environment = scenario.Open(Rehearsal(scenario.Settings("v3")));

        DeploymentRecord record;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 4))
        {
            // A canary of 10 % for one ECS minute: the failing 2.0.0 keeps 90 % of the traffic meanwhile, on the other target group.
            var canary = TrafficShift.Canary(10, TimeSpan.FromSeconds(EcsLocalFixture.SecondsPerMinute));
            record = await environment.DeployAsync(scenario.Spec("3.0.0", canary, RootOnly, TimeSpan.FromSeconds(20)), CancellationToken.None);
            output.WriteLine($"load: {load}");
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message); // 2.0.0's failures are on the other target group
        var bake = record.Stages.Single(s => s.Stage == DeploymentStage.BakeTime);
        Assert.Contains($"bake judged by alarms {prefix}-errors, {prefix}-p99", bake.Message, StringComparison.Ordinal);
        Assert.True(bake.Duration >= TimeSpan.FromSeconds(15), $"a bake of 20 s lasted {bake.Duration}");
        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains(status.Split('\n'), l => l.Contains("3.0.0", StringComparison.Ordinal) && l.Contains("SUCCESSFUL", StringComparison.Ordinal) && !l.Contains("not judged", StringComparison.Ordinal));
        var left = (await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = prefix }, CancellationToken.None)).MetricAlarms.Select(a => a.AlarmName).ToList();
        Assert.Equal([$"{prefix}-errors", $"{prefix}-p99", otherService], left.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(older, left);
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_bake_no_alarm_watched_says_so_in_the_record_and_in_Status()
    {
        var scenario = new Scenario(ecs, output, "bake-none");
        await scenario.StartAsync();
        await using var environment = scenario.Open(Rehearsal(scenario.Settings("v2")) with { BakeAlarms = false });

        var record = await environment.DeployAsync(scenario.Spec("2.0.0", smoke: RootOnly, bake: TimeSpan.FromSeconds(5)), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.BakeTime && s.Message!.Contains("bake not judged", StringComparison.Ordinal));
        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains(status.Split('\n'), l => l.Contains("2.0.0", StringComparison.Ordinal) && l.Contains("SUCCESSFUL (bake not judged", StringComparison.Ordinal));

        // Alarms that watch a bake too short for one evaluation (here none at all: 0 minutes) do not judge it either.
        await using var watched = scenario.Open(Rehearsal(scenario.Settings("v3")));
        var unjudged = await watched.DeployAsync(scenario.Spec("3.0.0", smoke: RootOnly, bake: TimeSpan.Zero), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(unjudged));
        Assert.True(unjudged.Succeeded, unjudged.RollbackReason?.Message);
        Assert.Contains(unjudged.Stages, s => s.Stage == DeploymentStage.BakeTime && s.Message!.Contains("bake not judged by the alarms: 0 ECS minutes", StringComparison.Ordinal));
        var after = await watched.StatusAsync(5, CancellationToken.None);
        output.WriteLine(after);
        Assert.Contains(after.Split('\n'), l => l.Contains("3.0.0", StringComparison.Ordinal) && l.Contains("SUCCESSFUL (bake not judged by the alarms", StringComparison.Ordinal)
            && l.Contains("(--bake-seconds 5)", StringComparison.Ordinal));
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    /// <summary>As a rehearsal sets it: CloudWatch on the local ECS's endpoint, an ECS minute as long as the local ECS makes it.</summary>
    private static EcsPlatformSettings Rehearsal(EcsPlatformSettings settings) =>
        settings with { MinuteLength = TimeSpan.FromSeconds(EcsLocalFixture.SecondsPerMinute) };

    /// <summary>Puts an alarm named <paramref name="name"/> on the 5xx of <paramref name="targetGroup"/>, as an earlier deploy left it.</summary>
    private static async Task<string> PutAlarmAsync(CloudWatchClient cloudWatch, string name, string targetGroup)
    {
        await cloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = name,
            Namespace = "AWS/ApplicationELB",
            MetricName = "HTTPCode_Target_5XX_Count",
            Dimensions = [Dimension.Of("TargetGroup", targetGroup), Dimension.Of("LoadBalancer", "app/local/prod")],
            Statistic = CloudWatchValues.Statistic.Sum,
            Period = 60,
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = CloudWatchValues.ComparisonOperator.GreaterThanThreshold,
        }, CancellationToken.None);
        return name;
    }

    private CloudWatchClient CloudWatch() =>
        new(new AwsClientOptions { Region = "us-east-1", ServiceUrl = ecs.Endpoint, Credentials = ecs.Credentials, MaxRetries = 1 });
}
