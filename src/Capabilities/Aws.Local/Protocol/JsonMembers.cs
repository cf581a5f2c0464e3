using System.Text.Json;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// The members of one JSON object of a request, read by name with their JSON type checked; a member of the wrong type or
/// a required one missing is the error <paramref name="invalid"/> makes (each protocol answers its own code).
/// </summary>
internal sealed class JsonMembers(JsonElement value, Func<string, Exception> invalid)
{
    public JsonElement Value { get; } = value;

    public static JsonMembers Empty(Func<string, Exception> invalid)
    {
        using var document = JsonDocument.Parse("{}");
        return new JsonMembers(document.RootElement.Clone(), invalid);
    }

    public bool Has(string name) => Get(name) is not null;

    public string? String(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw Mismatch(name, "a string")
        : null;

    public string Required(string name) =>
        String(name) is { Length: > 0 } text ? text : throw invalid($"{name} is required.");

    public int? Int(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Mismatch(name, "an integer")
        : null;

    public long? Long(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw Mismatch(name, "an integer")
        : null;

    public double? Double(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Mismatch(name, "a number")
        : null;

    public bool? Bool(string name) => Get(name) is { } v
        ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Mismatch(name, "a boolean")
        : null;

    /// <summary>A timestamp as JSON protocols send it: seconds since the epoch (a string in ISO 8601 is accepted too).</summary>
    public DateTimeOffset? Time(string name) => Get(name) is { } v
        ? v.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(v.GetDouble() * 1000)),
            JsonValueKind.String when DateTimeOffset.TryParse(
                v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) => t,
            _ => throw Mismatch(name, "a timestamp"),
        }
        : null;

    public IReadOnlyList<string>? Strings(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? [.. v.EnumerateArray().Select(e => e.GetString()!)]
            : throw Mismatch(name, "a list of strings")
        : null;

    public JsonMembers? Object(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Object ? new JsonMembers(v, invalid) : throw Mismatch(name, "an object")
        : null;

    public IReadOnlyList<JsonMembers>? Objects(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object)
            ? [.. v.EnumerateArray().Select(e => new JsonMembers(e, invalid))]
            : throw Mismatch(name, "a list of objects")
        : null;

    /// <summary>A map of strings, e.g. environment variables; null when absent.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Object && v.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String)
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : throw Mismatch(name, "a map of strings")
        : null;

    /// <summary>A map of numbers, e.g. routing weights; null when absent.</summary>
    public IReadOnlyDictionary<string, double>? NumberMap(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Object && v.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Number)
            ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
            : throw Mismatch(name, "a map of numbers")
        : null;

    private JsonElement? Get(string name) =>
        Value.ValueKind == JsonValueKind.Object && Value.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private Exception Mismatch(string name, string expected) => invalid($"{name} must be {expected}.");
}
