using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>
/// Renders the task definition to register: from a JSON file in the repository (RegisterTaskDefinition input with
/// <c>{{ name }}</c> per-environment values, see <see cref="TaskDefinitionTemplate"/>) or from the service's running
/// task definition (describe-only members dropped, everything else kept); then the deployed container's image is set to
/// the pushed image by digest and the result is checked against the model (<see cref="TaskDefinitionValidator"/>).
/// </summary>
public static class TaskDefinitionRenderer
{
    /// <summary>Renders <paramref name="path"/>; throws <see cref="TaskDefinitionException"/> naming the file and member.</summary>
    public static RenderedTaskDefinition FromFile(
        string path, IReadOnlyDictionary<string, string> variables, string? container, string image, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TaskDefinitionException($"task definition file {path} does not exist: create it (RegisterTaskDefinition JSON) or deploy from the service's running task definition");
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new TaskDefinitionException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')})");
        }

        if (parsed is not JsonObject template)
        {
            throw new TaskDefinitionException($"{path}: must hold one JSON object, the RegisterTaskDefinition input");
        }

        var definition = TaskDefinitionTemplate.Render(template, variables, path);
        foreach (var member in DescribeOnlyMembers.Names.Where(definition.ContainsKey))
        {
            definition.Remove(member);
            note?.Invoke($"{path}: dropped $.{member}, which only DescribeTaskDefinition returns");
        }

        return Finish(definition, path, container, image, strict: true, note);
    }

    /// <summary>Renders a copy of a described task definition (the <c>taskDefinition</c> of DescribeTaskDefinition).</summary>
    public static RenderedTaskDefinition FromRunning(JsonObject described, string arn, string? container, string image, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(described);
        var definition = described.DeepClone().AsObject();
        foreach (var member in DescribeOnlyMembers.Names)
        {
            definition.Remove(member);
        }

        return Finish(definition, $"the running task definition {arn}", container, image, strict: false, note);
    }

    private static RenderedTaskDefinition Finish(JsonObject definition, string source, string? container, string image, bool strict, Action<string>? note)
    {
        var name = ReplaceImage(definition, source, container, image);
        var check = TaskDefinitionValidator.Check(definition, source, strict);
        foreach (var line in check.Notes)
        {
            note?.Invoke(line);
        }

        if (!check.IsValid)
        {
            throw new TaskDefinitionException(check.Errors[0] + (check.Errors.Count > 1 ? $" (and {check.Errors.Count - 1} more problems)" : ""));
        }

        return new RenderedTaskDefinition(definition, source, name);
    }

    private static string ReplaceImage(JsonObject definition, string source, string? container, string image)
    {
        if (definition["containerDefinitions"] is not JsonArray containers)
        {
            throw new TaskDefinitionException($"{source}: $.containerDefinitions is missing or not an array");
        }

        var named = containers.OfType<JsonObject>().ToList();
        if (named.Count == 0)
        {
            throw new TaskDefinitionException($"{source}: $.containerDefinitions is empty: a task definition needs at least one container");
        }

        var names = named.Select(c => (string?)c["name"]).Where(n => n is not null).ToList();
        JsonObject? target;
        if (container is null)
        {
            target = named.Count == 1 ? named[0]
                : throw new TaskDefinitionException(
                    $"{source}: has {named.Count} containers ({string.Join(", ", names)}): set the container to deploy the image into");
        }
        else
        {
            target = named.FirstOrDefault(c => (string?)c["name"] == container)
                ?? throw new TaskDefinitionException(
                    $"{source}: no container is named '{container}' (containers: {string.Join(", ", names)}): fix the container name in the environment's settings");
        }

        target["image"] = image;
        return (string?)target["name"] ?? container ?? "";
    }
}
