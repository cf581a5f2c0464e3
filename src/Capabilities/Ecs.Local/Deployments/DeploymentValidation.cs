using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.Deployments;

/// <summary>Refuses deployment configurations as ECS does (ranges, PAUSE hook stages), and what the local ECS cannot run.</summary>
internal static class DeploymentValidation
{
    private static readonly string[] Strategies = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"];

    private static readonly string[] HookStages =
    [
        "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
        "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT",
    ];

    public static void Check(DeploymentConfiguration configuration, IReadOnlyList<LoadBalancer> loadBalancers)
    {
        var strategy = configuration.StrategyOrDefault;
        if (!Strategies.Contains(strategy))
        {
            throw EcsException.InvalidParameter($"Invalid deployment strategy '{strategy}': use one of {string.Join(", ", Strategies)}.");
        }

        if (configuration.BakeTimeInMinutes is < 0 or > 1440)
        {
            throw EcsException.InvalidParameter("bakeTimeInMinutes must be between 0 and 1440.");
        }

        if (configuration.LinearConfiguration is { } linear
            && (linear.StepPercent is < 3.0 or > 100 || linear.StepBakeTimeInMinutes is < 0 or > 1440))
        {
            throw EcsException.InvalidParameter("linearConfiguration: stepPercent must be between 3.0 and 100.0 and stepBakeTimeInMinutes between 0 and 1440.");
        }

        if (configuration.CanaryConfiguration is { } canary
            && (canary.CanaryPercent is < 0.1 or > 100 || canary.CanaryBakeTimeInMinutes is < 0 or > 1440))
        {
            throw EcsException.InvalidParameter("canaryConfiguration: canaryPercent must be between 0.1 and 100.0 and canaryBakeTimeInMinutes between 0 and 1440.");
        }

        if (configuration.Alarms is { } alarms && alarms.AlarmNames is null)
        {
            throw EcsException.InvalidParameter("deploymentConfiguration.alarms.alarmNames is required.");
        }

        if (configuration.MaximumPercent is < 100 && strategy != "ROLLING")
        {
            throw EcsException.InvalidParameter("maximumPercent must be at least 100 for a blue/green deployment.");
        }

        foreach (var hook in configuration.LifecycleHooks ?? [])
        {
            CheckHook(hook);
        }

        if (strategy != "ROLLING" && (loadBalancers.Count == 0 || loadBalancers[0].AdvancedConfiguration is null))
        {
            throw EcsException.InvalidParameter(
                $"The {strategy} deployment strategy needs loadBalancers with advancedConfiguration (alternateTargetGroupArn, productionListenerRule, testListenerRule, roleArn); " +
                "the local ECS reads the listener ports from the listener rule ARNs.");
        }
    }

    private static void CheckHook(DeploymentLifecycleHook hook)
    {
        switch (hook.TargetType)
        {
            case "AWS_LAMBDA":
                throw new EcsException(
                    "UnsupportedFeatureException",
                    "The local ECS does not run AWS_LAMBDA lifecycle hooks: use a PAUSE hook and ContinueServiceDeployment instead.");
            case "PAUSE":
                break;
            default:
                throw EcsException.InvalidParameter($"Invalid lifecycle hook targetType '{hook.TargetType}': use AWS_LAMBDA or PAUSE.");
        }

        if (hook.LifecycleStages is not { Count: > 0 } stages)
        {
            throw EcsException.InvalidParameter("A lifecycle hook needs at least one lifecycle stage.");
        }

        foreach (var stage in stages)
        {
            if (!HookStages.Contains(stage))
            {
                throw EcsException.InvalidParameter($"Invalid lifecycle stage '{stage}' for a lifecycle hook: use one of {string.Join(", ", HookStages)}.");
            }

            if (stage is "TEST_TRAFFIC_SHIFT" or "PRODUCTION_TRAFFIC_SHIFT")
            {
                throw EcsException.InvalidParameter($"PAUSE lifecycle hooks are not supported for lifecycle stage {stage}.");
            }
        }

        if (hook.HookTargetArn is not null)
        {
            throw EcsException.InvalidParameter("hookTargetArn is only valid for AWS_LAMBDA lifecycle hooks.");
        }

        if (hook.TimeoutConfiguration is { } timeout)
        {
            if (timeout.TimeoutInMinutes is < 1 or > 20160)
            {
                throw EcsException.InvalidParameter("timeoutConfiguration.timeoutInMinutes must be between 1 and 20160.");
            }

            if (timeout.Action is not (null or "ROLLBACK" or "CONTINUE"))
            {
                throw EcsException.InvalidParameter($"Invalid timeoutConfiguration.action '{timeout.Action}': use ROLLBACK or CONTINUE.");
            }
        }
    }
}
