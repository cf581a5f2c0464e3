using Pipeline.Deploy.Lambda.Tests.Support;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>
/// The bake watch on Lambda: the declared alarms (only one that went off since the deploy started counts) and the new
/// version's own Invocations, Errors and p99 Duration, read from CloudWatch with the <c>ExecutedVersion</c> dimension.
/// </summary>
public sealed class LambdaBakeTests : IAsyncLifetime
{
    private readonly LambdaStage stage = new();

    public Task InitializeAsync()
    {
        stage.Fake.Seed(LambdaStage.FunctionName, published: 2);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await stage.DisposeAsync();

    [Fact]
    public async Task An_alarm_that_goes_off_while_the_canary_serves_rolls_the_alias_back_to_the_previous_version()
    {
        stage.Fake.Metrics = version =>
        {
            if (version == "3")
            {
                lock (stage.Fake.Alarms)
                {
                    stage.Fake.Alarms[0] = stage.Fake.Alarms[0] with { State = "ALARM", Since = DateTimeOffset.UtcNow };
                }
            }

            return FakeMetrics.None;
        };
        stage.Fake.Alarms.Add(new FakeAlarm("orders-5xx", "OK", DateTimeOffset.UtcNow.AddHours(-1)));
        var settings = stage.Settings(s => s with { Alarms = ["orders-5xx"] });

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Shift = TrafficShift.Canary(10, TimeSpan.FromSeconds(5)) }), settings);

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Alarm, record.RollbackReason!.Trigger);
        Assert.StartsWith("alarm orders-5xx went off during step 1 (10 %) of 1.3.0: Threshold Crossed", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal(["2+3@0.1", "2"], stage.Fake.Routes);
        Assert.Empty(stage.ModelProblems());
    }

    [Fact]
    public async Task An_alarm_in_ALARM_since_before_the_deploy_does_not_roll_it_back()
    {
        stage.Fake.Alarms.Add(new FakeAlarm("orders-5xx", "ALARM", DateTimeOffset.UtcNow.AddHours(-1)));
        stage.Fake.Alarms.Add(new FakeAlarm("unrelated", "ALARM", DateTimeOffset.UtcNow.AddHours(1)));

        var record = await stage.DeployAsync(
            LambdaStage.Spec("1.3.0", '3', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(100) } }),
            stage.Settings(s => s with { Alarms = ["orders-5xx"] }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Equal("3", stage.Fake.Alias!.FunctionVersion);
    }

    [Theory]
    [InlineData(100, 20, 50, RollbackTrigger.ErrorRate, "1.3.0 answered 20 errors in 100 requests (20.0 %) during bake, over the 5.0 % limit")]
    [InlineData(100, 0, 3500, RollbackTrigger.Latency, "1.3.0 p99 latency 3500 ms during bake (100 requests), over the 2000 ms limit")]
    public async Task The_new_versions_own_metrics_judge_the_bake(double invocations, double errors, double p99, RollbackTrigger trigger, string reason)
    {
        stage.Fake.Metrics = version => version == "3" ? new FakeMetrics(invocations, errors, p99) : new FakeMetrics(1000, 1000, 9000);

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(100) } }));

        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(trigger, record.RollbackReason!.Trigger);
        Assert.Equal(reason, record.RollbackReason.Message);
        Assert.Equal("2", stage.Fake.Alias!.FunctionVersion);
    }

    [Fact]
    public async Task The_metrics_are_asked_per_executed_version_of_the_alias_over_the_bake_window()
    {
        stage.Fake.Metrics = _ => new FakeMetrics(50, 1, 120);

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(100) } }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Contains(record.Stages, s => s.Message == "50 requests, 2.0 % errors, p99 120 ms over 0.1s");
        var query = stage.Fake.Exchanges.First(e => e["operation"]!.GetValue<string>() == "GetMetricData")["request"]!["MetricDataQueries"]!.AsArray();
        Assert.Equal(["Invocations/Sum", "Errors/Sum", "Duration/p99"], query.Select(q => $"{q!["MetricStat"]!["Metric"]!["MetricName"]}/{q["MetricStat"]!["Stat"]}"));
        var dimensions = query[0]!["MetricStat"]!["Metric"]!["Dimensions"]!.AsArray().Select(d => $"{d!["Name"]}={d["Value"]}");
        Assert.Equal(["FunctionName=orders", "Resource=orders:live", "ExecutedVersion=3"], dimensions);
        Assert.Equal(1, query[0]!["MetricStat"]!["Period"]!.GetValue<int>());
        Assert.Empty(stage.ModelProblems());
    }

    [Fact]
    public async Task A_bake_with_too_few_requests_judges_readiness_only()
    {
        stage.Fake.Metrics = _ => new FakeMetrics(2, 2, 9000);

        var record = await stage.DeployAsync(LambdaStage.Spec("1.3.0", '3', s => s with { Bake = s.Bake with { Duration = TimeSpan.FromMilliseconds(60) } }));

        Assert.Equal(DeploymentOutcome.Successful, record.Outcome);
        Assert.Contains(record.Stages, s => s.Message?.StartsWith("judged readiness only: 2 requests", StringComparison.Ordinal) == true);
    }
}
