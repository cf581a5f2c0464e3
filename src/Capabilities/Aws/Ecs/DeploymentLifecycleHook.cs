using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// A lifecycle hook of a deployment: a Lambda, or a <c>PAUSE</c> that waits for <c>ContinueServiceDeployment</c>, at
/// the given stages, with a timeout and what happens when it passes.
/// </summary>
public sealed record DeploymentLifecycleHook
{
    /// <summary><see cref="EcsValues.HookTarget"/>.</summary>
    public string? TargetType { get; init; }

    /// <summary>Lambda only.</summary>
    public string? HookTargetArn { get; init; }

    public string? RoleArn { get; init; }

    /// <summary>Hookable stage names (<see cref="EcsValues.Stage"/>).</summary>
    public IReadOnlyList<string>? LifecycleStages { get; init; }

    /// <summary>The custom parameters ECS passes to the hook's Lambda: a JSON document, kept as it is.</summary>
    public JsonElement? HookDetails { get; init; }

    public DeploymentLifecycleHookTimeoutConfiguration? TimeoutConfiguration { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}

/// <summary>How long a hook waits (1–20160 minutes) and what then (<see cref="EcsValues.HookAction"/>).</summary>
public sealed record DeploymentLifecycleHookTimeoutConfiguration
{
    public int? TimeoutInMinutes { get; init; }

    public string? Action { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
