using System.Globalization;
using System.Text.Json;

namespace Pipeline.Deploy.Smoke;

/// <summary>Reads one value from a JSON document by a small path: <c>a.b[0].c</c>, optionally starting with <c>$.</c>.</summary>
public static class JsonPath
{
    /// <summary>
    /// The value at <paramref name="path"/>: strings as their value, anything else as its JSON text; found is false
    /// when the document is not JSON or the path does not exist.
    /// </summary>
    public static (bool Found, string? Value) Read(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return (false, null);
        }

        using (document)
        {
            var element = document.RootElement;
            foreach (var segment in Segments(path))
            {
                if (segment is int index)
                {
                    if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                    {
                        return (false, null);
                    }

                    element = element[index];
                }
                else if (element.ValueKind != JsonValueKind.Object || !TryGetProperty(element, (string)segment, out element))
                {
                    return (false, null);
                }
            }

            return (true, element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
        }
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        // ASP.NET writes camelCase; let "Version" find "version" too.
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<object> Segments(string path)
    {
        var text = path.StartsWith('$') ? path[1..] : path;
        foreach (var part in text.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            if (bracket < 0)
            {
                yield return name;
                continue;
            }

            if (bracket > 0)
            {
                yield return name[..bracket];
            }

            foreach (var index in name[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(index, CultureInfo.InvariantCulture);
            }
        }
    }
}
