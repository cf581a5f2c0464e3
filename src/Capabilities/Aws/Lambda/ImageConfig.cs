using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Lambda;

/// <summary>Overrides of an image function's entry point, command and working directory; read back, it keeps every member.</summary>
public sealed record ImageConfig
{
    public IReadOnlyList<string>? EntryPoint { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Members this client does not type, sent back as they came (System.Text.Json binds extension data through a setter only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherMembers { get; set; }
}
