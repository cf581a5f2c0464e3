using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.Bake;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>A bake the alarms cannot evaluate before it ends is not judged by them, and says so.</summary>
public sealed class BakeCoverageTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static readonly MetricAlarm Errors = new() { AlarmName = "pipeline-bake-prod-api-errors", EvaluationPeriods = 1, Metrics = [new MetricDataQuery { Id = "e", MetricStat = new MetricStat { Period = 60 } }] };

    [Fact]
    public void A_bake_shorter_than_the_alarms_period_times_evaluation_periods_is_not_judged_and_the_reason_names_the_bake_needed()
    {
        var slow = new MetricAlarm { AlarmName = "api-5xx", Period = 300, EvaluationPeriods = 2 };

        var why = BakeCoverage.Unjudged(TimeSpan.FromMinutes(5), [slow], Minute);

        Assert.Equal("5 ECS minutes of production traffic on the new revision is shorter than one evaluation of alarm api-5xx (2 × 300 s): "
            + "bake at least 10 ECS minutes (--bake-seconds 600) for the alarms to judge it", why);
    }

    [Fact]
    public void One_alarm_able_to_judge_is_enough()
    {
        var slow = new MetricAlarm { AlarmName = "api-5xx", Period = 300, EvaluationPeriods = 2 };

        Assert.Null(BakeCoverage.Unjudged(TimeSpan.FromMinutes(1), [slow, Errors], Minute));
    }

    [Fact]
    public void A_rehearsal_counts_in_its_own_minutes()
    {
        var second = TimeSpan.FromSeconds(1);

        Assert.Null(BakeCoverage.Unjudged(second, [Errors], second));
        Assert.Contains("(--bake-seconds 1)", BakeCoverage.Unjudged(TimeSpan.Zero, [Errors], second), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BLUE_GREEN", 0, null, null, 0)]
    [InlineData("BLUE_GREEN", 3, null, null, 3)]
    [InlineData("LINEAR", 1, 25.0, 2, 7)] // 25, 50, 75 % each baked 2 minutes, then the bake
    [InlineData("CANARY", 1, 10.0, 4, 5)]
    public void The_window_is_the_bake_and_the_shifts_own_bakes(string strategy, int bake, double? step, int? stepBake, int expected)
    {
        var configuration = new DeploymentConfiguration
        {
            Strategy = strategy,
            BakeTimeInMinutes = bake,
            LinearConfiguration = strategy == "LINEAR" ? new LinearConfiguration { StepPercent = step, StepBakeTimeInMinutes = stepBake } : null,
            CanaryConfiguration = strategy == "CANARY" ? new CanaryConfiguration { CanaryPercent = step, CanaryBakeTimeInMinutes = stepBake } : null,
        };

        Assert.Equal(expected, BakeCoverage.WindowMinutes(configuration));
    }

    [Fact]
    public void A_rolling_update_has_no_window_to_judge()
    {
        Assert.Null(BakeCoverage.WindowMinutes(new DeploymentConfiguration { Strategy = "ROLLING", BakeTimeInMinutes = 0 }));
    }
}
