namespace Pipeline.Aws.Ecs;

/// <summary>
/// How a service deploys (the model's <c>DeploymentConfiguration</c>): the strategy (<see cref="EcsValues.Strategy"/>),
/// the linear or canary steps, the bake time, the alarms that roll back and the lifecycle hooks.
/// </summary>
public sealed record DeploymentConfiguration
{
    public string? Strategy { get; init; }

    /// <summary>Minutes both revisions run after the production shift (the API reference requires it for BLUE_GREEN).</summary>
    public int? BakeTimeInMinutes { get; init; }

    public LinearConfiguration? LinearConfiguration { get; init; }

    public CanaryConfiguration? CanaryConfiguration { get; init; }

    public DeploymentAlarms? Alarms { get; init; }

    /// <summary>Rolling deployments only.</summary>
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    public IReadOnlyList<DeploymentLifecycleHook>? LifecycleHooks { get; init; }

    public int? MaximumPercent { get; init; }

    public int? MinimumHealthyPercent { get; init; }
}

/// <summary>LINEAR: <see cref="StepPercent"/> (3.0–100) of production per step, each followed by a bake.</summary>
public sealed record LinearConfiguration
{
    public double? StepPercent { get; init; }

    public int? StepBakeTimeInMinutes { get; init; }
}

/// <summary>CANARY: <see cref="CanaryPercent"/> (0.1–100) first, baked, then the rest.</summary>
public sealed record CanaryConfiguration
{
    public double? CanaryPercent { get; init; }

    public int? CanaryBakeTimeInMinutes { get; init; }
}

/// <summary>CloudWatch alarms watched during the deployment; all three members are required by the model.</summary>
public sealed record DeploymentAlarms
{
    public required IReadOnlyList<string> AlarmNames { get; init; }

    public required bool Enable { get; init; }

    public required bool Rollback { get; init; }
}

/// <summary>The rolling deployment circuit breaker (both members required by the model).</summary>
public sealed record DeploymentCircuitBreaker
{
    public required bool Enable { get; init; }

    public required bool Rollback { get; init; }
}
