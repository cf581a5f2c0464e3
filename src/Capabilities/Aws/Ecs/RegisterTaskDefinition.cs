using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// Input of ECS <c>RegisterTaskDefinition</c>: <see cref="Family"/> and <see cref="ContainerDefinitions"/> (required by
/// the model) typed, every other member as JSON in <see cref="OtherMembers"/> — a task definition file or a described
/// one goes through unchanged, including members this client does not know.
/// </summary>
public sealed record RegisterTaskDefinitionRequest
{
    public required string Family { get; init; }

    public required JsonArray ContainerDefinitions { get; init; }

    // System.Text.Json cannot bind extension data through an init accessor, hence set.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }

    /// <summary>The request for a whole task definition JSON object (copied; <paramref name="definition"/> is left unchanged).</summary>
    public static RegisterTaskDefinitionRequest FromJson(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var copy = definition.DeepClone().AsObject();
        var family = copy["family"]?.GetValue<string>() ?? throw new ArgumentException("the task definition has no 'family'", nameof(definition));
        var containers = copy["containerDefinitions"] as JsonArray ?? throw new ArgumentException("the task definition has no 'containerDefinitions' array", nameof(definition));
        copy.Remove("family");
        copy.Remove("containerDefinitions");
        return new RegisterTaskDefinitionRequest { Family = family, ContainerDefinitions = containers, OtherMembers = copy.Count == 0 ? null : copy.ToDictionary(m => m.Key, m => JsonSerializer.SerializeToElement(m.Value, JsonNodeContext.Default.JsonNode)) };
    }
}

/// <summary>Output of ECS <c>RegisterTaskDefinition</c>: the new revision.</summary>
public sealed record RegisterTaskDefinitionResponse
{
    public EcsTaskDefinition? TaskDefinition { get; init; }

    public IReadOnlyList<EcsTag> Tags { get; init; } = [];
}
