using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// A registered task definition. The members a deploy reads are typed; every other member (present or added by AWS
/// later) is kept in <see cref="OtherMembers"/>, so serializing it back gives the whole definition.
/// </summary>
public sealed record EcsTaskDefinition
{
    public string? TaskDefinitionArn { get; init; }

    public string? Family { get; init; }

    public int? Revision { get; init; }

    /// <summary><c>ACTIVE</c>, <c>INACTIVE</c> or <c>DELETE_IN_PROGRESS</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The container definitions as JSON (the model's <c>ContainerDefinition</c> has some fifty members).</summary>
    public JsonArray? ContainerDefinitions { get; init; }

    // System.Text.Json cannot bind extension data through an init accessor, hence set.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
