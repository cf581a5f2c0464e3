using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Aws.Tests.Conformance;

/// <summary>
/// Generic checks of our JSON against a service model, walking shapes recursively, so every service gets them for free:
/// <list type="bullet">
/// <item><see cref="CheckType"/>: every JSON member a .NET type can read or write exists in the shape, with a compatible kind.</item>
/// <item><see cref="CheckJson"/>: a serialized request has only model members, all required ones, and enum values from the model.</item>
/// <item><see cref="SampleJson"/>: a value as the service could send it (every member filled, or as <see cref="SampleOptions"/> say).</item>
/// <item><see cref="ShapesOf"/>: which model shapes each .NET record type stands for, along the walk.</item>
/// </list>
/// Members held as raw JSON (<see cref="JsonNode"/>, <see cref="JsonElement"/>, extension data) are opaque to
/// <see cref="CheckType"/>; serialize a value and use <see cref="CheckJson"/> for them.
/// </summary>
internal static class ModelConformance
{
    /// <param name="lenient">Types also read from answers: a member the model requires may be optional in them (lenient parsing).</param>
    public static IReadOnlyList<string> CheckType(
        ServiceModel model, string shape, Type type, JsonSerializerOptions options, bool isInput, IReadOnlySet<Type>? lenient = null)
    {
        var problems = new List<string>();
        CheckType(model, shape, type, options, isInput, lenient ?? new HashSet<Type>(), type.Name, problems, new HashSet<(string, Type)>());
        return problems;
    }

    public static IReadOnlyList<string> CheckJson(ServiceModel model, string shape, JsonElement value)
    {
        var problems = new List<string>();
        CheckJson(model, shape, value, "$", problems);
        return problems;
    }

    /// <summary>A value for <paramref name="shape"/> (first enum value, 7, "sample", one list item…, within the shape's min/max), depth-limited.</summary>
    public static JsonNode? SampleJson(ServiceModel model, string shape, SampleOptions? options = null, int depth = 0)
    {
        options ??= SampleOptions.Full;
        var definition = model.Shape(shape);
        return model.ShapeType(shape) switch
        {
            "structure" when model.IsDocument(shape) => new JsonObject { ["anyKey"] = new JsonObject { ["nested"] = new JsonArray(1, "two", true) } },
            "structure" when depth > 8 => new JsonObject(),
            "structure" => Structure(model, shape, options, depth),
            "list" => new JsonArray(SampleJson(model, model.ElementShape(shape), options, depth + 1)),
            "map" => new JsonObject { ["key1"] = SampleJson(model, model.ElementShape(shape), options, depth + 1) },
            "string" when model.Enum(shape) is [var first, ..] => JsonValue.Create(first),
            "string" => JsonValue.Create(Text(shape, definition)),
            "boolean" => JsonValue.Create(true),
            "integer" or "long" => JsonValue.Create((long)Math.Clamp(7, Bound(definition, "min") ?? long.MinValue, Bound(definition, "max") ?? long.MaxValue)),
            "double" or "float" => JsonValue.Create(Math.Clamp(0.5, Bound(definition, "min") ?? double.MinValue, Bound(definition, "max") ?? double.MaxValue)),
            "timestamp" => options.WholeSecondTimestamps ? JsonValue.Create(1767225600) : JsonValue.Create(1767225600.25),
            "blob" => JsonValue.Create(Convert.ToBase64String("""{"sample":true}"""u8.ToArray())),
            var other => throw new NotSupportedException($"shape {shape} has type {other} (in {definition})"),
        };
    }

    /// <summary>
    /// For each record type reachable from <paramref name="type"/> standing for <paramref name="shape"/>: the model
    /// structures it stands for (a type used for two different shapes is a mistake the lossless test names).
    /// </summary>
    public static void ShapesOf(ServiceModel model, string shape, Type type, JsonSerializerOptions options, Dictionary<Type, HashSet<string>> found)
    {
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        if (typeof(JsonNode).IsAssignableFrom(clr) || clr == typeof(JsonElement))
        {
            return;
        }

        var info = options.GetTypeInfo(clr);
        switch (model.ShapeType(shape))
        {
            case "structure" when info.Kind == JsonTypeInfoKind.Object && !model.IsDocument(shape):
                if (!found.TryGetValue(clr, out var shapes))
                {
                    found[clr] = shapes = new HashSet<string>(StringComparer.Ordinal);
                }

                if (!shapes.Add(shape))
                {
                    return;
                }

                var members = model.Members(shape);
                foreach (var property in info.Properties.Where(p => !p.IsExtensionData && members.ContainsKey(p.Name)))
                {
                    ShapesOf(model, members[property.Name], property.PropertyType, options, found);
                }

                break;
            case "list" when info.Kind == JsonTypeInfoKind.Enumerable:
            case "map" when info.Kind == JsonTypeInfoKind.Dictionary:
                ShapesOf(model, model.ElementShape(shape), info.ElementType!, options, found);
                break;
        }
    }

    /// <summary>JSON text with object members sorted by name at every level, to compare values whatever their member order.</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonObject Structure(ServiceModel model, string shape, SampleOptions options, int depth)
    {
        var required = model.Required(shape);
        var result = new JsonObject();
        foreach (var (name, memberShape) in model.Members(shape))
        {
            var isRequired = required.Contains(name);
            if ((options.RequiredOnly && !isRequired) || (options.DropRequired && isRequired))
            {
                continue;
            }

            result[name] = SampleJson(model, memberShape, options, depth + 1);
        }

        if (options.UnknownMember is { } unknown)
        {
            result[unknown] = new JsonObject { ["addedLater"] = new JsonArray(1, "two") };
        }

        return result;
    }

    private static string Text(string shape, JsonElement definition)
    {
        var text = shape.Contains("Token", StringComparison.Ordinal) || shape == "Base64"
            ? Convert.ToBase64String("AWS:sample-password"u8.ToArray())
            : shape.Contains("Endpoint", StringComparison.Ordinal) || shape == "Url" ? "https://sample.example.com" : "sample";
        var min = (int)(Bound(definition, "min") ?? 0);
        var max = (int)(Bound(definition, "max") ?? int.MaxValue);
        text = text.Length < min ? text.PadRight(min, 'x') : text;
        return text.Length > max ? text[..max] : text;
    }

    private static double? Bound(JsonElement definition, string name) =>
        definition.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private static void CheckType(
        ServiceModel model, string shape, Type type, JsonSerializerOptions options, bool isInput, IReadOnlySet<Type> lenient, string path, List<string> problems,
        HashSet<(string, Type)> seen)
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

                    if (!isInput && property.IsRequired)
                    {
                        problems.Add($"{path}.{property.Name}: required in {clr.Name}, so an answer without it would not parse (botocore parses it)");
                    }

                    CheckType(model, memberShape, property.PropertyType, options, isInput, lenient, $"{path}.{property.Name}", problems, seen);
                }

                foreach (var required in model.Required(shape))
                {
                    var property = info.Properties.FirstOrDefault(p => p.Name == required);
                    if (property is null)
                    {
                        problems.Add($"{path}: {shape} requires '{required}' but {clr.Name} has no such member");
                    }
                    else if (isInput && !lenient.Contains(clr) && !property.IsRequired && IsNullable(property))
                    {
                        problems.Add($"{path}.{required}: required by {shape} but optional in {clr.Name}");
                    }
                }

                break;
            case "list" when info.Kind == JsonTypeInfoKind.Enumerable:
                CheckType(model, model.ElementShape(shape), info.ElementType!, options, isInput, lenient, path + "[]", problems, seen);
                break;
            case "map" when info.Kind == JsonTypeInfoKind.Dictionary:
                CheckType(model, model.ElementShape(shape), info.ElementType!, options, isInput, lenient, path + "{}", problems, seen);
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
            case "structure" when model.IsDocument(shape):
                break;
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

/// <summary>How <see cref="ModelConformance.SampleJson"/> fills structures.</summary>
/// <param name="RequiredOnly">Only the members the model requires (a minimal input).</param>
/// <param name="DropRequired">Every member but those the model requires (an answer as lean as botocore still parses).</param>
/// <param name="UnknownMember">A member no model has, added to every structure (as AWS adds members later).</param>
/// <param name="WholeSecondTimestamps">Timestamps without a fraction (what a request carries).</param>
internal sealed record SampleOptions(bool RequiredOnly = false, bool DropRequired = false, string? UnknownMember = null, bool WholeSecondTimestamps = false)
{
    public static readonly SampleOptions Full = new();
}
