using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Lambda;

/// <summary>The size of a function's <c>/tmp</c> in MB (512–10240; required by the model in a request, nullable when read).</summary>
public sealed record EphemeralStorage
{
    public int? Size { get; init; }

    /// <summary>Members this client does not type, sent back as they came.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
