using System.Text.Json;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>
/// The JSON body of one request, read member by member. A member of the wrong JSON type is AWS's SerializationException;
/// a required member that is missing is an InvalidParameterException, as ECS answers.
/// </summary>
internal sealed class EcsRequest(string operation, JsonElement body)
{
    public string Operation { get; } = operation;

    public JsonElement Body { get; } = body;

    public bool Has(string name) => Body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw Mismatch(name, "a string")
        : null;

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw EcsException.InvalidParameter($"{name} can not be blank.");

    public int? Int(string name) => Get(name) is { } v
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Mismatch(name, "an integer")
        : null;

    public bool? Bool(string name) => Get(name) is { } v
        ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Mismatch(name, "a boolean")
        : null;

    public IReadOnlyList<string>? Strings(string name)
    {
        if (Get(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw Mismatch(name, "a list of strings");
        }

        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>A member deserialized into a record; a shape mismatch is a SerializationException naming the member.</summary>
    public T? Read<T>(string name)
        where T : class
    {
        if (Get(name) is not { } v)
        {
            return null;
        }

        try
        {
            return v.Deserialize<T>(EcsJson.Options);
        }
        catch (JsonException e)
        {
            throw EcsException.Serialization($"{name}: {e.Message.Split(" Path:", 2)[0]}");
        }
    }

    private JsonElement? Get(string name) =>
        Body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static EcsException Mismatch(string name, string expected) =>
        EcsException.Serialization($"{name} must be {expected}");
}
