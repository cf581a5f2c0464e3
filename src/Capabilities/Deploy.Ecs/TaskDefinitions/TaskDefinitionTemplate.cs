using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>
/// Per-environment values in a task definition file: <c>{{ name }}</c> inside any JSON string value is replaced by the
/// environment's variable <c>name</c> (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>; spaces inside the braces are
/// optional). Keys are never substituted; an unknown name is an error naming the file, the JSON path and the name.
/// </summary>
public static partial class TaskDefinitionTemplate
{
    /// <summary>Returns a copy of <paramref name="template"/> with every placeholder replaced.</summary>
    public static JsonObject Render(JsonObject template, IReadOnlyDictionary<string, string> variables, string source)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        var copy = template.DeepClone().AsObject();
        Substitute(copy, "$", variables, source);
        return copy;
    }

    /// <summary>The placeholder names a template uses, in order of first use.</summary>
    public static IReadOnlyList<string> Names(JsonNode template)
    {
        var names = new List<string>();
        Visit(template, text =>
        {
            foreach (Match m in Placeholder().Matches(text))
            {
                if (!names.Contains(m.Groups[1].Value))
                {
                    names.Add(m.Groups[1].Value);
                }
            }
        });
        return names;
    }

    private static void Substitute(JsonNode? node, string path, IReadOnlyDictionary<string, string> variables, string source)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        obj[key] = Replace(text, $"{path}.{key}", variables, source);
                    }
                    else
                    {
                        Substitute(value, $"{path}.{key}", variables, source);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        array[i] = Replace(text, $"{path}[{i}]", variables, source);
                    }
                    else
                    {
                        Substitute(array[i], $"{path}[{i}]", variables, source);
                    }
                }

                break;
            default:
                break;
        }
    }

    private static string Replace(string text, string path, IReadOnlyDictionary<string, string> variables, string source) =>
        Placeholder().Replace(text, m => variables.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new TaskDefinitionException(
                $"{source}: {path} uses {{{{ {m.Groups[1].Value} }}}} but the environment defines no such value"
                + (variables.Count == 0 ? " (it defines none)" : $" (it defines {string.Join(", ", variables.Keys.Order(StringComparer.Ordinal))})")));

    private static void Visit(JsonNode? node, Action<string> onString)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    Visit(value, onString);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Visit(item, onString);
                }

                break;
            case JsonValue leaf when leaf.TryGetValue<string>(out var text):
                onString(text);
                break;
            default:
                break;
        }
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
