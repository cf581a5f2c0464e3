namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>StopTask</c>: stops a running task (e.g. the migrations task of a cancelled deploy).</summary>
public sealed record StopTaskRequest
{
    public string? Cluster { get; init; }

    public required string Task { get; init; }

    /// <summary>Why (up to 255 characters): the task's <c>stoppedReason</c>.</summary>
    public string? Reason { get; init; }
}

/// <summary>Output of ECS <c>StopTask</c>.</summary>
public sealed record StopTaskResponse
{
    public EcsTask? Task { get; init; }
}
