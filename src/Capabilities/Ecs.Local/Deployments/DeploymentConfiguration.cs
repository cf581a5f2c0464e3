namespace Pipeline.Ecs.Local.Deployments;

/// <summary>The model's DeploymentConfiguration, as a service keeps it and echoes it.</summary>
internal sealed record DeploymentConfiguration
{
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    public int? MaximumPercent { get; init; }

    public int? MinimumHealthyPercent { get; init; }

    public DeploymentAlarms? Alarms { get; init; }

    public string? Strategy { get; init; }

    public int? BakeTimeInMinutes { get; init; }

    public List<DeploymentLifecycleHook>? LifecycleHooks { get; init; }

    public LinearConfiguration? LinearConfiguration { get; init; }

    public CanaryConfiguration? CanaryConfiguration { get; init; }

    /// <summary>ROLLING unless a strategy was given.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string StrategyOrDefault => Strategy ?? "ROLLING";
}

internal sealed record DeploymentCircuitBreaker(bool Enable, bool Rollback, bool? ResetOnHealthyTask = null, ThresholdConfiguration? ThresholdConfiguration = null);

internal sealed record ThresholdConfiguration(string? Type, int? Value);

internal sealed record DeploymentAlarms(List<string> AlarmNames, bool Rollback, bool Enable);

internal sealed record LinearConfiguration(double? StepPercent, int? StepBakeTimeInMinutes);

internal sealed record CanaryConfiguration(double? CanaryPercent, int? CanaryBakeTimeInMinutes);

internal sealed record DeploymentLifecycleHook
{
    public string? HookTargetArn { get; init; }

    public string? RoleArn { get; init; }

    public List<string>? LifecycleStages { get; init; }

    public string? TargetType { get; init; }

    public System.Text.Json.Nodes.JsonNode? HookDetails { get; init; }

    public TimeoutConfiguration? TimeoutConfiguration { get; init; }
}

internal sealed record TimeoutConfiguration(int? TimeoutInMinutes, string? Action);
