using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>A resource tag.</summary>
public sealed record EcsTag
{
    public string? Key { get; init; }

    public string? Value { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
