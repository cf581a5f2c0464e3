using System.Text.Json.Nodes;

namespace Pipeline.Ecs.Local.State;

/// <summary>One registered revision of a task definition family, kept as registered (the model's TaskDefinition members).</summary>
internal sealed class TaskDefinitionState
{
    public required string Family { get; init; }

    public required int Revision { get; init; }

    public required string Arn { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset? DeregisteredAt { get; set; }

    /// <summary>The registered members (request minus tags), without the ones ECS adds.</summary>
    public required JsonObject Definition { get; init; }

    public List<Tag> Tags { get; set; } = [];
}
