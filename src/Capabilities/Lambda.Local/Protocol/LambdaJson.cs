using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Lambda.Local.Protocol;

/// <summary>JSON conventions of the Lambda API (members named as the model spells them, timestamps as Lambda's ISO 8601 strings) and of the state file.</summary>
internal static class LambdaJson
{
    public static JsonSerializerOptions State { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Lambda's timestamp format, e.g. <c>2026-12-04T10:00:00.000+0000</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary>An object without the members whose value is null.</summary>
    public static JsonObject Object(params (string Name, JsonNode? Value)[] members) => JsonNodes.Object(members);

    public static JsonObject Map<T>(IEnumerable<KeyValuePair<string, T>> entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value))));

    public static JsonArray Array(IEnumerable<JsonNode?> items) => JsonNodes.Array(items);

    public static JsonArray Strings(IEnumerable<string> items) => JsonNodes.Strings(items);
}
