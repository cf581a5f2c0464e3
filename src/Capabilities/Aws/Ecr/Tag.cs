using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecr;

/// <summary>A resource tag; the model spells these two members with a capital letter.</summary>
public sealed record Tag(
    [property: JsonPropertyName("Key")] string Key,
    [property: JsonPropertyName("Value")] string Value);
