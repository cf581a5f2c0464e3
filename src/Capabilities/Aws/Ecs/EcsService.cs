namespace Pipeline.Aws.Ecs;

/// <summary>The part of the model's ECS <c>Service</c> shape a deploy watches.</summary>
public sealed record EcsService
{
    public string? ServiceArn { get; init; }

    public string? ServiceName { get; init; }

    public string? ClusterArn { get; init; }

    /// <summary><c>ACTIVE</c>, <c>DRAINING</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    public int? DesiredCount { get; init; }

    public int? RunningCount { get; init; }

    public int? PendingCount { get; init; }

    public string? TaskDefinition { get; init; }

    public IReadOnlyList<EcsDeployment> Deployments { get; init; } = [];

    public DateTimeOffset? CreatedAt { get; init; }
}
