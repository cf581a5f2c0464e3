namespace Pipeline.Ecs.Local.State;

/// <summary>A cluster: only a name and a status here; tasks run on the one local Docker engine.</summary>
internal sealed class ClusterState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public List<Tag> Tags { get; set; } = [];
}

/// <summary>An ECS resource tag.</summary>
internal sealed record Tag(string? Key, string? Value);
