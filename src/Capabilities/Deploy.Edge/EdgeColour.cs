using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Deploy.Edge;

/// <summary>The two upstream slots of a blue/green environment. Written as "blue" / "green" in JSON and URLs.</summary>
[JsonConverter(typeof(EdgeColourJsonConverter))]
public enum EdgeColour
{
    Blue,
    Green,
}

/// <summary>Text form of <see cref="EdgeColour"/>.</summary>
public static class EdgeColours
{
    /// <summary>Both colours, blue first.</summary>
    public static IReadOnlyList<EdgeColour> All { get; } = [EdgeColour.Blue, EdgeColour.Green];

    /// <summary>"blue" or "green".</summary>
    public static string ToText(this EdgeColour colour) => colour == EdgeColour.Blue ? "blue" : "green";

    /// <summary>The other colour.</summary>
    public static EdgeColour Other(this EdgeColour colour) => colour == EdgeColour.Blue ? EdgeColour.Green : EdgeColour.Blue;

    /// <summary>Parses "blue" / "green" (any case).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EdgeColour? colour)
    {
        colour = text?.Trim().ToUpperInvariant() switch
        {
            "BLUE" => EdgeColour.Blue,
            "GREEN" => EdgeColour.Green,
            _ => null,
        };
        return colour is not null;
    }
}

internal sealed class EdgeColourJsonConverter : JsonConverter<EdgeColour>
{
    public override EdgeColour Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return EdgeColours.TryParse(text, out var colour)
            ? colour.Value
            : throw new JsonException($"unknown colour '{text}': use blue or green");
    }

    public override void Write(Utf8JsonWriter writer, EdgeColour value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToText());
}
