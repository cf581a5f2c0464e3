using System.Text.Json.Nodes;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>Building answers the way the AWS JSON protocols write them: members whose value is null are left out.</summary>
internal static class JsonNodes
{
    /// <summary>An object without the members whose value is null.</summary>
    public static JsonObject Object(params (string Name, JsonNode? Value)[] members)
    {
        var result = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);
}
