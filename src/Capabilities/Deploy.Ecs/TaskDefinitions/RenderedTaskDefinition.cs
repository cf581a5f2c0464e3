using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>A task definition ready to register (RegisterTaskDefinition input), and where it came from.</summary>
/// <param name="Definition">The JSON object to register.</param>
/// <param name="Source">The file it was rendered from, or "the running task definition &lt;arn&gt;".</param>
/// <param name="Container">The container whose image is the deployed one.</param>
public sealed record RenderedTaskDefinition(JsonObject Definition, string Source, string Container)
{
    // For reading only (plans, diffs): quotes and '<' stay as they are instead of \u0027 escapes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The family (<c>$.family</c>).</summary>
    public string Family => (string?)Definition["family"] ?? "";

    /// <summary>The definition as indented JSON with members in a stable (sorted) order, for plans and diffs.</summary>
    public string ToCanonicalJson() => Canonical(Definition)!.ToJsonString(Indented);

    /// <summary><paramref name="node"/> with object members sorted by name, recursively.</summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
