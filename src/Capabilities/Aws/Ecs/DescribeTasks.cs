namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DescribeTasks</c> (up to 100 task ARNs or ids of one cluster).</summary>
public sealed record DescribeTasksRequest
{
    public string? Cluster { get; init; }

    public required IReadOnlyList<string> Tasks { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>Output of ECS <c>DescribeTasks</c>.</summary>
public sealed record DescribeTasksResponse
{
    public IReadOnlyList<EcsTask> Tasks { get; init; } = [];

    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}
