using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Deploy.Edge;

/// <summary>The JSON settings both ends of the control API use.</summary>
internal static class EdgeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // loopback JSON read by people: keep + and ' readable
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
