namespace Pipeline.Aws.Ecs;

/// <summary>The part of the model's <c>Task</c> shape a one-off task is judged by: status, stop code and reason, containers.</summary>
public sealed record EcsTask
{
    public string? TaskArn { get; init; }

    public string? TaskDefinitionArn { get; init; }

    public string? ClusterArn { get; init; }

    /// <summary>PROVISIONING, PENDING, RUNNING, DEPROVISIONING, STOPPED…</summary>
    public string? LastStatus { get; init; }

    public string? DesiredStatus { get; init; }

    /// <summary><c>TaskFailedToStart</c>, <c>EssentialContainerExited</c>, <c>UserInitiated</c>…</summary>
    public string? StopCode { get; init; }

    public string? StoppedReason { get; init; }

    public string? StartedBy { get; init; }

    public string? LaunchType { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public IReadOnlyList<EcsContainer> Containers { get; init; } = [];
}

/// <summary>A container of a task; <see cref="ExitCode"/> is null when it never ran to an exit.</summary>
public sealed record EcsContainer
{
    public string? ContainerArn { get; init; }

    public string? Name { get; init; }

    public string? Image { get; init; }

    public string? ImageDigest { get; init; }

    public string? LastStatus { get; init; }

    public int? ExitCode { get; init; }

    public string? Reason { get; init; }
}
