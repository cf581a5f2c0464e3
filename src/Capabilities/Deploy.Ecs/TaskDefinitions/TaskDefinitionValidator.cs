using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>
/// Checks a rendered task definition against <see cref="TaskDefinitionSchema"/> before it is registered: required
/// members, JSON kinds, enum values, for the task and each container. Strict for a file from the repository (a member
/// the model does not have is an error: AWS would refuse it); lenient for a definition described from ECS (members and
/// enum values newer than this model are kept, reported as notes).
/// </summary>
public static class TaskDefinitionValidator
{
    /// <summary>Errors (first one is what to show) and notes.</summary>
    public static TaskDefinitionCheck Check(JsonObject definition, string source, bool strict)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<string>();
        var notes = new List<string>();
        CheckObject(definition, "$", TaskDefinitionSchema.TaskMembers, "RegisterTaskDefinition", source, strict, errors, notes);
        if (definition["family"] is JsonValue family && family.TryGetValue<string>(out var name)
            && (name.Length is 0 or > 255 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            errors.Add($"{source}: $.family '{name}' must be 1 to 255 letters, digits, '-' or '_'");
        }

        if (definition["containerDefinitions"] is JsonArray containers)
        {
            if (containers.Count == 0)
            {
                errors.Add($"{source}: $.containerDefinitions is empty: a task definition needs at least one container");
            }

            for (var i = 0; i < containers.Count; i++)
            {
                var path = $"$.containerDefinitions[{i}]";
                if (containers[i] is not JsonObject container)
                {
                    errors.Add($"{source}: {path} must be an object");
                    continue;
                }

                CheckObject(container, path, TaskDefinitionSchema.ContainerMembers, "ContainerDefinition", source, strict, errors, notes);
                foreach (var required in new[] { "name", "image" }.Where(r => container[r] is null))
                {
                    errors.Add($"{source}: {path} has no '{required}'");
                }
            }
        }

        return new TaskDefinitionCheck(errors, notes);
    }

    private static void CheckObject(
        JsonObject value, string path, IReadOnlyDictionary<string, SchemaMember> members, string shape, string source, bool strict,
        List<string> errors, List<string> notes)
    {
        foreach (var (name, member) in members.Where(m => m.Value.Required && value[m.Key] is null))
        {
            errors.Add($"{source}: {path} lacks '{name}', which {shape} requires ({member.Type})");
        }

        foreach (var (name, node) in value)
        {
            var at = $"{path}.{name}";
            if (!members.TryGetValue(name, out var member))
            {
                var near = members.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                var text = $"{source}: {at} is not a member of {shape}" + (near is null ? "" : $" (did you mean '{near}'?)");
                (strict ? errors : notes).Add(strict ? text : $"{text}; kept as it is");
                continue;
            }

            if (node is null)
            {
                continue;
            }

            if (!Fits(node, member.Type))
            {
                errors.Add($"{source}: {at} must be a {Describe(member.Type)}, not {Kind(node)}");
                continue;
            }

            var values = member.Type == "list" ? node.AsArray().Select(v => v) : [node];
            foreach (var item in values)
            {
                if (member.Enum is { } allowed && item is JsonValue leaf && leaf.TryGetValue<string>(out var text) && !allowed.Contains(text))
                {
                    var message = $"{source}: {at} '{text}' is not one of {string.Join(", ", allowed)}";
                    (strict ? errors : notes).Add(message);
                }
            }
        }
    }

    private static bool Fits(JsonNode node, string type) => (type, node.GetValueKind()) switch
    {
        ("string", JsonValueKind.String) => true,
        ("integer" or "long", JsonValueKind.Number) => node.AsValue().TryGetValue<long>(out _),
        ("double" or "float", JsonValueKind.Number) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("list", JsonValueKind.Array) => true,
        ("map" or "structure", JsonValueKind.Object) => true,
        _ => false,
    };

    private static string Describe(string type) => type switch
    {
        "list" => "JSON array",
        "map" or "structure" => "JSON object",
        "integer" or "long" => "whole number",
        var other => $"JSON {other}",
    };

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        var other => other.ToString().ToLowerInvariant(),
    };
}

/// <summary>The outcome of <see cref="TaskDefinitionValidator.Check"/>: errors stop the deploy, notes are logged.</summary>
public sealed record TaskDefinitionCheck(IReadOnlyList<string> Errors, IReadOnlyList<string> Notes)
{
    public bool IsValid => Errors.Count == 0;
}
