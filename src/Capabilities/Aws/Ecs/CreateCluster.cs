namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>CreateCluster</c> (rehearsal environments and tests; an existing cluster is returned as it is).</summary>
public sealed record CreateClusterRequest
{
    public string? ClusterName { get; init; }

    public IReadOnlyList<EcsTag>? Tags { get; init; }
}

/// <summary>Output of ECS <c>CreateCluster</c>.</summary>
public sealed record CreateClusterResponse
{
    public EcsCluster? Cluster { get; init; }
}

/// <summary>The part of the model's <c>Cluster</c> shape Pipeline reads.</summary>
public sealed record EcsCluster
{
    public string? ClusterArn { get; init; }

    public string? ClusterName { get; init; }

    /// <summary><c>ACTIVE</c>, <c>PROVISIONING</c>, <c>DEPROVISIONING</c>, <c>FAILED</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }
}
