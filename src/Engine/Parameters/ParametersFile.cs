using System.Text.Json;
using Pipeline.Engine.Paths;

namespace Pipeline.Engine.Parameters;

/// <summary>Reads <c>.nuke/parameters.json</c> and profile files (<c>.nuke/parameters.NAME.json</c>).</summary>
public static class ParametersFile
{
    /// <summary>Reads a parameters file; a syntax error names the file, line and column.</summary>
    public static ParameterSource Read(string path, string displayPath)
    {
        var text = TextFile.Read(path);
        if (FlatJsonObject.TryRead(text) is { } members)
        {
            var values = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var (name, value) in members)
            {
                if (!name.StartsWith('$'))
                {
                    values[ParameterNames.Normalize(name)] = value;
                }
            }

            return new ParameterSource($"from {displayPath}", values);
        }

        return ReadWithJsonDocument(text, displayPath);
    }

    /// <summary>The authoritative reading, with System.Text.Json (also what <see cref="FlatJsonObject"/> declines).</summary>
    internal static ParameterSource ReadWithJsonDocument(string text, string displayPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            throw new ParameterException(
                $"{displayPath}:{line}:{column}: malformed JSON ({FirstSentence(e.Message)}). Fix the file or delete it.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ParameterException($"{displayPath}: expected a JSON object of parameter names to values.");
            }

            var values = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$'))
                {
                    continue;
                }

                values[ParameterNames.Normalize(property.Name)] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(Text)],
                    JsonValueKind.Null => [],
                    _ => [Text(property.Value)],
                };
            }

            return new ParameterSource($"from {displayPath}", values);
        }
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
