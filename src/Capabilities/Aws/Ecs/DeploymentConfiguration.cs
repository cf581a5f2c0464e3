using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// How a service deploys (the model's <c>DeploymentConfiguration</c>): the strategy (<see cref="EcsValues.Strategy"/>),
/// the linear or canary steps, the bake time, the alarms that roll back and the lifecycle hooks. Read from a described
/// service and sent back with UpdateService, it keeps every member, those this client does not type included.
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

    /// <summary>Members this client does not type, sent back as they came (System.Text.Json binds extension data through a setter only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>LINEAR: <see cref="StepPercent"/> (3.0–100) of production per step, each followed by a bake.</summary>
public sealed record LinearConfiguration
{
    public double? StepPercent { get; init; }

    public int? StepBakeTimeInMinutes { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>CANARY: <see cref="CanaryPercent"/> (0.1–100) first, baked, then the rest.</summary>
public sealed record CanaryConfiguration
{
    public double? CanaryPercent { get; init; }

    public int? CanaryBakeTimeInMinutes { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>
/// CloudWatch alarms watched during the deployment. The model requires all three members in a request; an answer that
/// lacks one still parses (as botocore parses it), so they are nullable here.
/// </summary>
public sealed record DeploymentAlarms
{
    public IReadOnlyList<string>? AlarmNames { get; init; }

    public bool? Enable { get; init; }

    public bool? Rollback { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>The rolling deployment circuit breaker (both members required in a request, nullable when read).</summary>
public sealed record DeploymentCircuitBreaker
{
    public bool? Enable { get; init; }

    public bool? Rollback { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
