using System.Text.Json;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>How a deployment plan becomes ECS's deploymentConfiguration, and that the UpdateService request is valid for the model.</summary>
public sealed class DeploymentConfigurationTests
{
    private static readonly Lazy<ServiceModel> LazyModel = new(() => ServiceModel.Load(ModelFiles.PathOf(ModelFiles.Ecs)));

    [Fact]
    public void All_at_once_is_blue_green_with_pause_hooks_that_roll_back_on_timeout()
    {
        var configuration = EcsPlatform.Configuration(null, new DeploymentPlan { Bake = TimeSpan.FromSeconds(90), GateTimeout = TimeSpan.FromMinutes(10) });

        Assert.Equal("BLUE_GREEN", configuration.Strategy);
        Assert.Equal(2, configuration.BakeTimeInMinutes);
        Assert.Null(configuration.LinearConfiguration);
        var hook = Assert.Single(configuration.LifecycleHooks!);
        Assert.Equal("PAUSE", hook.TargetType);
        Assert.Equal(["POST_TEST_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"], hook.LifecycleStages);
        Assert.Equal(10, hook.TimeoutConfiguration!.TimeoutInMinutes);
        Assert.Equal("ROLLBACK", hook.TimeoutConfiguration.Action);
    }

    [Fact]
    public void On_a_local_ECS_whose_minute_lasts_a_second_a_10_s_bake_is_10_minutes_of_its_time()
    {
        var second = TimeSpan.FromSeconds(1);
        var configuration = EcsPlatform.Configuration(
            null, new DeploymentPlan { Bake = TimeSpan.FromSeconds(10), GateTimeout = TimeSpan.FromSeconds(30), Shift = TrafficShift.Linear(50, TimeSpan.FromSeconds(3)) }, second);

        Assert.Equal(10, configuration.BakeTimeInMinutes);
        Assert.Equal(3, configuration.LinearConfiguration!.StepBakeTimeInMinutes);
        Assert.Equal(30, configuration.LifecycleHooks!.Single().TimeoutConfiguration!.TimeoutInMinutes);
        Assert.Equal(1, EcsPlatform.Minutes(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)));
        Assert.Equal(0, EcsPlatform.Minutes(TimeSpan.Zero, second));
    }

    [Fact]
    public void Linear_and_canary_carry_their_steps_and_alarms_replace_the_services()
    {
        var linear = EcsPlatform.Configuration(null, new DeploymentPlan { Shift = TrafficShift.Linear(25, TimeSpan.FromMinutes(2)), Alarms = ["api-5xx"] });
        var canary = EcsPlatform.Configuration(null, new DeploymentPlan { Shift = TrafficShift.Canary(10, TimeSpan.FromSeconds(30)) });

        Assert.Equal("LINEAR", linear.Strategy);
        Assert.Equal(25, linear.LinearConfiguration!.StepPercent);
        Assert.Equal(2, linear.LinearConfiguration.StepBakeTimeInMinutes);
        Assert.Equal(["api-5xx"], linear.Alarms!.AlarmNames);
        Assert.True(linear.Alarms.Rollback == true && linear.Alarms.Enable == true);
        Assert.Equal("CANARY", canary.Strategy);
        Assert.Equal(10, canary.CanaryConfiguration!.CanaryPercent);
        Assert.Equal(1, canary.CanaryConfiguration.CanaryBakeTimeInMinutes);
    }

    [Fact]
    public void The_services_own_lambda_hooks_and_percents_are_kept_its_pause_hooks_replaced()
    {
        var current = new DeploymentConfiguration
        {
            MaximumPercent = 200,
            LifecycleHooks =
            [
                new DeploymentLifecycleHook { TargetType = "AWS_LAMBDA", HookTargetArn = "arn:aws:lambda:eu-west-1:1:function:check", LifecycleStages = ["POST_SCALE_UP"] },
                new DeploymentLifecycleHook { TargetType = "PAUSE", LifecycleStages = ["POST_SCALE_UP"] },
            ],
        };

        var configuration = EcsPlatform.Configuration(current, new DeploymentPlan());

        Assert.Equal(200, configuration.MaximumPercent);
        Assert.Equal(["AWS_LAMBDA", "PAUSE"], configuration.LifecycleHooks!.Select(h => h.TargetType));
        Assert.Equal(["POST_TEST_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"], configuration.LifecycleHooks![1].LifecycleStages);
    }

    [Fact]
    public void Linear_steps_below_three_percent_are_refused_as_ecs_does()
    {
        var error = Assert.Throws<DeploySettingsException>(() =>
            EcsPlatform.Configuration(null, new DeploymentPlan { Shift = TrafficShift.Linear(2, TimeSpan.Zero) }));

        Assert.StartsWith("ECS LINEAR steps are 3 to 100 %, not 2 %", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_update_service_request_for_every_strategy_is_valid_for_the_model()
    {
        var model = LazyModel.Value;
        foreach (var shift in new[] { TrafficShift.AllAtOnce, TrafficShift.Linear(20, TimeSpan.FromMinutes(1)), TrafficShift.Canary(5, TimeSpan.FromMinutes(3)) })
        {
            var request = new UpdateServiceRequest
            {
                Cluster = "prod",
                Service = "api",
                TaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/api:8",
                DeploymentConfiguration = EcsPlatform.Configuration(null, new DeploymentPlan { Shift = shift, Alarms = ["a"] }),
            };
            var json = JsonSerializer.SerializeToElement(request, EcsClient.JsonOptions);

            var problems = ModelConformance.CheckJson(model, model.InputShape("UpdateService"), json);

            Assert.True(problems.Count == 0, $"{shift}: {string.Join("; ", problems)}");
        }
    }
}
