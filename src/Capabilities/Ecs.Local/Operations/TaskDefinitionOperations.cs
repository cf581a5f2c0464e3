using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition.</summary>
internal sealed class TaskDefinitionOperations(EcsStore store, Arns arns)
{
    public JsonObject RegisterTaskDefinition(EcsRequest request)
    {
        var family = request.RequiredString("family");
        if (family.Length > 255 || !family.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw EcsException.Client("Family name can have up to 255 characters: letters, numbers, hyphens and underscores.");
        }

        if (!request.Body.TryGetProperty("containerDefinitions", out var containers) || containers.ValueKind != JsonValueKind.Array)
        {
            throw EcsException.InvalidParameter("containerDefinitions can not be empty.");
        }

        if (containers.GetArrayLength() == 0)
        {
            throw EcsException.Client("Container list cannot be empty.");
        }

        foreach (var container in containers.EnumerateArray())
        {
            if (container.ValueKind != JsonValueKind.Object)
            {
                throw EcsException.Serialization("containerDefinitions must be a list of objects");
            }

            if (!container.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0)
            {
                throw EcsException.Client("Container.name should not be null or empty.");
            }

            if (!container.TryGetProperty("image", out var image) || image.ValueKind != JsonValueKind.String || image.GetString()!.Length == 0)
            {
                throw EcsException.Client("Container.image should not be null or empty.");
            }
        }

        var definition = JsonNode.Parse(request.Body.GetRawText())!.AsObject();
        definition.Remove("tags");
        var tags = request.Read<List<Tag>>("tags") ?? [];
        return store.Write(d =>
        {
            var revision = d.TaskDefinitions.Values.Where(t => t.Family == family).Select(t => t.Revision).DefaultIfEmpty(0).Max() + 1;
            var state = new TaskDefinitionState
            {
                Family = family,
                Revision = revision,
                Arn = arns.TaskDefinition(family, revision),
                RegisteredAt = DateTimeOffset.UtcNow,
                Definition = definition,
                Tags = tags,
            };
            d.TaskDefinitions[state.Arn] = state;
            return new JsonObject { ["taskDefinition"] = Views.TaskDefinition(state), ["tags"] = EcsJson.Node(tags) };
        });
    }

    public JsonObject DescribeTaskDefinition(EcsRequest request)
    {
        var reference = request.RequiredString("taskDefinition");
        var tags = request.Strings("include")?.Contains("TAGS") == true;
        return store.Read(d =>
        {
            var definition = d.TaskDefinition(reference);
            var result = new JsonObject { ["taskDefinition"] = Views.TaskDefinition(definition) };
            if (tags)
            {
                result["tags"] = EcsJson.Node(definition.Tags);
            }

            return result;
        });
    }

    public JsonObject DeregisterTaskDefinition(EcsRequest request)
    {
        var reference = request.RequiredString("taskDefinition");
        if (!reference.Contains(':', StringComparison.Ordinal))
        {
            throw EcsException.InvalidParameter("The specified task definition identifier is invalid. Specify a valid name or ARN and revision.");
        }

        return store.Write(d =>
        {
            var definition = d.TaskDefinition(reference);
            if (definition.Status == "ACTIVE")
            {
                definition.Status = "INACTIVE";
                definition.DeregisteredAt = DateTimeOffset.UtcNow;
            }

            return new JsonObject { ["taskDefinition"] = Views.TaskDefinition(definition) };
        });
    }
}
