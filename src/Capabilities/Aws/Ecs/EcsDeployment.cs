namespace Pipeline.Aws.Ecs;

/// <summary>One deployment of an ECS service (the model's <c>Deployment</c> shape, rolling deployments).</summary>
public sealed record EcsDeployment
{
    public string? Id { get; init; }

    /// <summary><c>PRIMARY</c>, <c>ACTIVE</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    public string? TaskDefinition { get; init; }

    public int? DesiredCount { get; init; }

    public int? RunningCount { get; init; }

    public int? PendingCount { get; init; }

    public int? FailedTasks { get; init; }

    /// <summary><c>IN_PROGRESS</c>, <c>COMPLETED</c> or <c>FAILED</c>.</summary>
    public string? RolloutState { get; init; }

    public string? RolloutStateReason { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
