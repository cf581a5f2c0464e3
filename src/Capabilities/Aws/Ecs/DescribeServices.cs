namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DescribeServices</c>: up to 10 services of one cluster (null cluster means <c>default</c>).</summary>
public sealed record DescribeServicesRequest
{
    public string? Cluster { get; init; }

    public required IReadOnlyList<string> Services { get; init; }

    /// <summary><c>TAGS</c> to get the services' tags.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>Output of ECS <c>DescribeServices</c>: the services found, and a failure for each one that was not.</summary>
public sealed record DescribeServicesResponse
{
    public IReadOnlyList<EcsService> Services { get; init; } = [];

    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}

/// <summary>Why ECS could not describe one resource (e.g. reason <c>MISSING</c>).</summary>
public sealed record EcsFailure
{
    public string? Arn { get; init; }

    public string? Reason { get; init; }

    public string? Detail { get; init; }
}
