using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>Who deploys the service (<see cref="EcsValues.Controller"/>); native blue/green needs <c>ECS</c>.</summary>
public sealed record DeploymentController
{
    /// <summary>Required by the model in a request; an answer without it (<c>"deploymentController":{}</c>) means ECS's default, <c>ECS</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
