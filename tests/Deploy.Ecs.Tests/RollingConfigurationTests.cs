using System.Text.Json;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>How an environment's rolling update becomes ECS's deploymentConfiguration, and what its settings refuse.</summary>
public sealed class RollingConfigurationTests
{
    [Fact]
    public void A_rolling_update_is_strategy_rolling_with_its_percents_the_circuit_breaker_and_no_pause_hooks()
    {
        var current = new DeploymentConfiguration
        {
            Strategy = "BLUE_GREEN",
            BakeTimeInMinutes = 5,
            LinearConfiguration = new LinearConfiguration { StepPercent = 10 },
            LifecycleHooks =
            [
                new DeploymentLifecycleHook { TargetType = "PAUSE", LifecycleStages = ["POST_TEST_TRAFFIC_SHIFT"] },
                new DeploymentLifecycleHook { TargetType = "AWS_LAMBDA", HookTargetArn = "arn:aws:lambda:eu-west-1:1:function:check", LifecycleStages = ["POST_SCALE_UP"] },
            ],
        };

        var configuration = EcsPlatform.RollingConfiguration(current, new EcsRollingUpdate { MinimumHealthyPercent = 50, MaximumPercent = 150 }, new DeploymentPlan { Alarms = ["api-5xx"] });

        Assert.Equal("ROLLING", configuration.Strategy);
        Assert.Equal((50, 150), (configuration.MinimumHealthyPercent, configuration.MaximumPercent));
        Assert.True(configuration.DeploymentCircuitBreaker is { Enable: true, Rollback: true });
        Assert.Equal(["api-5xx"], configuration.Alarms!.AlarmNames);
        Assert.Null(configuration.LinearConfiguration);
        Assert.Equal(["AWS_LAMBDA"], configuration.LifecycleHooks!.Select(h => h.TargetType));
        var json = JsonSerializer.SerializeToElement(new UpdateServiceRequest { Cluster = "prod", Service = "api", DeploymentConfiguration = configuration }, EcsClient.JsonOptions);
        var model = ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs));
        Assert.Empty(ModelConformance.CheckJson(model, model.InputShape("UpdateService"), json));
    }

    [Fact]
    public void A_rolling_update_has_no_traffic_steps_to_take()
    {
        var error = Assert.Throws<DeploySettingsException>(() =>
            EcsPlatform.RollingConfiguration(null, new EcsRollingUpdate(), new DeploymentPlan { Shift = TrafficShift.Linear(20, TimeSpan.FromMinutes(1)) }));

        Assert.StartsWith("an ECS rolling update replaces tasks, it has no traffic steps", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 100, "a rolling update with minimum healthy 100 % and maximum 100 % can neither start a new task nor stop an old one")]
    [InlineData(120, 200, "the rolling update's minimum healthy percent 120 is outside 0–100")]
    [InlineData(50, 250, "the rolling update's maximum percent 250 is outside 100–200")]
    public void Percents_that_cannot_work_are_refused_naming_the_environment(int minimum, int maximum, string problem)
    {
        var settings = new EcsPlatformSettings
        {
            Cluster = "prod",
            Service = "api",
            Region = "eu-west-1",
            Rolling = new EcsRollingUpdate { MinimumHealthyPercent = minimum, MaximumPercent = maximum },
        };

        Assert.StartsWith($"ECS environment 'production': {problem}", settings.Validate("production"), StringComparison.Ordinal);
        Assert.Null((settings with { Rolling = new EcsRollingUpdate() }).Validate("production"));
    }
}
