namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>DescribeServiceRevisions</c> (up to 20 ARNs).</summary>
public sealed record DescribeServiceRevisionsRequest
{
    public required IReadOnlyList<string> ServiceRevisionArns { get; init; }
}

/// <summary>Output of ECS <c>DescribeServiceRevisions</c>.</summary>
public sealed record DescribeServiceRevisionsResponse
{
    public IReadOnlyList<ServiceRevision> ServiceRevisions { get; init; } = [];

    public IReadOnlyList<EcsFailure> Failures { get; init; } = [];
}

/// <summary>What one revision of a service runs: its task definition and the images it resolved (by digest).</summary>
public sealed record ServiceRevision
{
    public string? ServiceRevisionArn { get; init; }

    public string? ServiceArn { get; init; }

    public string? ClusterArn { get; init; }

    public string? TaskDefinition { get; init; }

    public IReadOnlyList<ContainerImage> ContainerImages { get; init; } = [];

    public string? LaunchType { get; init; }

    public IReadOnlyList<LoadBalancer> LoadBalancers { get; init; } = [];

    /// <summary>What the revision resolved to: for blue/green, the target group its tasks are registered with.</summary>
    public ResolvedConfiguration? ResolvedConfiguration { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>The resources a service revision actually uses (<c>resolvedConfiguration</c>).</summary>
public sealed record ResolvedConfiguration
{
    public IReadOnlyList<ServiceRevisionLoadBalancer> LoadBalancers { get; init; } = [];
}

/// <summary>The target group a revision's tasks serve from, and the production listener rule that forwards to it.</summary>
public sealed record ServiceRevisionLoadBalancer
{
    public string? TargetGroupArn { get; init; }

    public string? ProductionListenerRule { get; init; }
}

/// <summary>A container of a service revision with the image digest ECS resolved.</summary>
public sealed record ContainerImage
{
    public string? ContainerName { get; init; }

    public string? ImageDigest { get; init; }

    public string? Image { get; init; }
}
