namespace Pipeline.Aws.Ecs;

/// <summary>Input of ECS <c>ListServiceDeployments</c>: a service's deployments, newest first, filtered by status or creation time.</summary>
public sealed record ListServiceDeploymentsRequest
{
    public required string Service { get; init; }

    public string? Cluster { get; init; }

    /// <summary><see cref="EcsValues.DeploymentStatus"/> values.</summary>
    public IReadOnlyList<string>? Status { get; init; }

    public CreatedAtFilter? CreatedAt { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

/// <summary>A creation time window (the model's <c>CreatedAt</c> shape).</summary>
public sealed record CreatedAtFilter
{
    public DateTimeOffset? Before { get; init; }

    public DateTimeOffset? After { get; init; }
}

/// <summary>Output of ECS <c>ListServiceDeployments</c>: brief entries (no stage, no hooks).</summary>
public sealed record ListServiceDeploymentsResponse
{
    public IReadOnlyList<ServiceDeploymentBrief> ServiceDeployments { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>One deployment in a <c>ListServiceDeployments</c> answer.</summary>
public sealed record ServiceDeploymentBrief
{
    public string? ServiceDeploymentArn { get; init; }

    public string? ServiceArn { get; init; }

    public string? ClusterArn { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? TargetServiceRevisionArn { get; init; }

    /// <summary><see cref="EcsValues.DeploymentStatus"/>.</summary>
    public string? Status { get; init; }

    public string? StatusReason { get; init; }
}
