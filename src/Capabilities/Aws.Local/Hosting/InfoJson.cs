using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>How info files are written and read: camelCase, nulls left out.</summary>
internal static class InfoJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
