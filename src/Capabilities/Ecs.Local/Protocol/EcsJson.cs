using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>JSON conventions of the AWS JSON 1.1 protocol: camelCase members, absent rather than null, timestamps as epoch seconds.</summary>
internal static class EcsJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>A timestamp as the protocol writes it: seconds since the epoch, milliseconds as the fraction.</summary>
    public static JsonNode? Time(DateTimeOffset? value) =>
        value is { } v ? JsonValue.Create(Math.Round(v.ToUnixTimeMilliseconds() / 1000.0, 3)) : null;

    /// <summary>A node of <paramref name="value"/> (records and lists), nulls left out.</summary>
    public static JsonNode? Node<T>(T value) => value is null ? null : JsonSerializer.SerializeToNode(value, Options);

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

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
        Converters = { new EpochSecondsConverter() },
    };

    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
                JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
                _ => throw new JsonException("a timestamp must be a number of seconds since the epoch"),
            };

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));
    }
}
