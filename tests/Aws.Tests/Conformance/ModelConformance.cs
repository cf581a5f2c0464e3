using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Aws.Tests.Conformance;

/// <summary>
/// Generic checks of our JSON against a service model, walking shapes recursively, so ECS gets them for free:
/// <list type="bullet">
/// <item><see cref="CheckType"/>: every JSON member a .NET type can read or write exists in the shape, with a compatible kind.</item>
/// <item><see cref="CheckJson"/>: a serialized request has only model members, all required ones, and enum values from the model.</item>
/// <item><see cref="SampleJson"/>: a response as the service could send it (every member filled), to deserialize.</item>
/// </list>
/// Members held as raw JSON (<see cref="JsonNode"/>, <see cref="JsonElement"/>, extension data) are opaque to
/// <see cref="CheckType"/>; serialize a value and use <see cref="CheckJson"/> for them.
/// </summary>
internal static class ModelConformance
{
    public static IReadOnlyList<string> CheckType(ServiceModel model, string shape, Type type, JsonSerializerOptions options, bool isInput)
    {
        var problems = new List<string>();
        CheckType(model, shape, type, options, isInput, type.Name, problems, new HashSet<(string, Type)>());
        return problems;
    }

    public static IReadOnlyList<string> CheckJson(ServiceModel model, string shape, JsonElement value)
    {
        var problems = new List<string>();
        CheckJson(model, shape, value, "$", problems);
        return problems;
    }

    /// <summary>A value for <paramref name="shape"/> with every member present (first enum value, 1, "x", one list item), depth-limited.</summary>
    public static JsonNode? SampleJson(ServiceModel model, string shape, int depth = 0)
    {
        var definition = model.Shape(shape);
        return model.ShapeType(shape) switch
        {
            "structure" when depth > 8 => new JsonObject(),
            "structure" => new JsonObject(model.Members(shape)
                .Where(m => !IsEventStreamOrBlob(model, m.Value))
                .Select(m => KeyValuePair.Create(m.Key, SampleJson(model, m.Value, depth + 1)))),
            "list" => new JsonArray(SampleJson(model, model.ElementShape(shape), depth + 1)),
            "map" => new JsonObject { ["key1"] = SampleJson(model, model.ElementShape(shape), depth + 1) },
            "string" when model.Enum(shape) is [var first, ..] => JsonValue.Create(first),
            "string" => JsonValue.Create(shape.Contains("Token", StringComparison.Ordinal) || shape == "Base64"
                ? Convert.ToBase64String("AWS:sample-password"u8.ToArray())
                : shape.Contains("Endpoint", StringComparison.Ordinal) || shape == "Url" ? "https://sample.example.com" : "sample"),
            "boolean" => JsonValue.Create(true),
            "integer" or "long" => JsonValue.Create(7),
            "double" or "float" => JsonValue.Create(1.5),
            "timestamp" => JsonValue.Create(1767225600.25),
            var other => throw new NotSupportedException($"shape {shape} has type {other} (in {definition})"),
        };
    }

    private static bool IsEventStreamOrBlob(ServiceModel model, string shape) => model.ShapeType(shape) == "blob";

    private static void CheckType(
        ServiceModel model, string shape, Type type, JsonSerializerOptions options, bool isInput, string path, List<string> problems, HashSet<(string, Type)> seen)
    {
        if (!seen.Add((shape, type)))
        {
            return;
        }

        var kind = model.ShapeType(shape);
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(JsonNode).IsAssignableFrom(clr) || clr == typeof(JsonElement))
        {
            return;
        }

        var info = options.GetTypeInfo(clr);
        switch (kind)
        {
            case "structure" when info.Kind == JsonTypeInfoKind.Object:
                var members = model.Members(shape);
                foreach (var property in info.Properties.Where(p => !p.IsExtensionData))
                {
                    if (!members.TryGetValue(property.Name, out var memberShape))
                    {
                        problems.Add($"{path}.{property.Name}: not a member of {shape} (members: {string.Join(", ", members.Keys)})");
                        continue;
                    }

                    CheckType(model, memberShape, property.PropertyType, options, isInput, $"{path}.{property.Name}", problems, seen);
                }

                foreach (var required in model.Required(shape))
                {
                    var property = info.Properties.FirstOrDefault(p => p.Name == required);
                    if (property is null)
                    {
                        problems.Add($"{path}: {shape} requires '{required}' but {clr.Name} has no such member");
                    }
                    else if (isInput && !property.IsRequired && IsNullable(property))
                    {
                        problems.Add($"{path}.{required}: required by {shape} but optional in {clr.Name}");
                    }
                }

                break;
            case "list" when info.Kind == JsonTypeInfoKind.Enumerable:
                CheckType(model, model.ElementShape(shape), info.ElementType!, options, isInput, path + "[]", problems, seen);
                break;
            case "map" when info.Kind == JsonTypeInfoKind.Dictionary:
                CheckType(model, model.ElementShape(shape), info.ElementType!, options, isInput, path + "{}", problems, seen);
                break;
            case "string" when clr == typeof(string):
            case "boolean" when clr == typeof(bool):
            case "integer" when clr == typeof(int):
            case "long" when clr == typeof(long) || clr == typeof(int):
            case "double" or "float" when clr == typeof(double) || clr == typeof(float):
            case "timestamp" when clr == typeof(DateTimeOffset):
            case "blob" when clr == typeof(byte[]):
                break;
            default:
                problems.Add($"{path}: model type {kind} ({shape}) does not fit .NET {clr.Name} ({info.Kind})");
                break;
        }
    }

    private static bool IsNullable(JsonPropertyInfo property) =>
        !property.PropertyType.IsValueType ? property.IsGetNullable : Nullable.GetUnderlyingType(property.PropertyType) is not null;

    private static void CheckJson(ServiceModel model, string shape, JsonElement value, string path, List<string> problems)
    {
        switch (model.ShapeType(shape))
        {
            case "structure" when value.ValueKind == JsonValueKind.Object:
                var members = model.Members(shape);
                foreach (var property in value.EnumerateObject())
                {
                    if (members.TryGetValue(property.Name, out var memberShape))
                    {
                        CheckJson(model, memberShape, property.Value, $"{path}.{property.Name}", problems);
                    }
                    else
                    {
                        problems.Add($"{path}.{property.Name}: not a member of {shape}");
                    }
                }

                foreach (var required in model.Required(shape).Where(r => !value.TryGetProperty(r, out _)))
                {
                    problems.Add($"{path}: required member '{required}' of {shape} is missing");
                }

                break;
            case "list" when value.ValueKind == JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckJson(model, model.ElementShape(shape), item, $"{path}[{index++}]", problems);
                }

                break;
            case "map" when value.ValueKind == JsonValueKind.Object:
                foreach (var entry in value.EnumerateObject())
                {
                    CheckJson(model, model.ElementShape(shape), entry.Value, $"{path}.{entry.Name}", problems);
                }

                break;
            case "string" when value.ValueKind == JsonValueKind.String:
                var allowed = model.Enum(shape);
                if (allowed.Count > 0 && !allowed.Contains(value.GetString()!))
                {
                    problems.Add($"{path}: '{value.GetString()}' is not in enum {shape} ({string.Join(", ", allowed)})");
                }

                break;
            case "boolean" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
            case "integer" or "long" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _):
            case "double" or "float" or "timestamp" when value.ValueKind == JsonValueKind.Number:
            case "blob" when value.ValueKind == JsonValueKind.String:
                break;
            default:
                problems.Add($"{path}: {value.ValueKind} '{value.GetRawText()}' does not fit {model.ShapeType(shape)} shape {shape}");
                break;
        }
    }
}
