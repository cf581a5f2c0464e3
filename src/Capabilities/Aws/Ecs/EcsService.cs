namespace Pipeline.Aws.Ecs;

/// <summary>The part of the model's ECS <c>Service</c> shape a deploy checks and watches.</summary>
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

    /// <summary>The launch type (<c>FARGATE</c>, <c>EC2</c>…), when the service has one.</summary>
    public string? LaunchType { get; init; }

    /// <summary>The ARN of the service deployment that is current (in progress, or the last one).</summary>
    public string? CurrentServiceDeployment { get; init; }

    /// <summary>The revisions running now, with their task counts.</summary>
    public IReadOnlyList<ServiceCurrentRevisionSummary> CurrentServiceRevisions { get; init; } = [];

    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    public DeploymentController? DeploymentController { get; init; }

    public IReadOnlyList<LoadBalancer> LoadBalancers { get; init; } = [];

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>The service's latest events, newest first (why tasks fail to start, why a deployment stopped).</summary>
    public IReadOnlyList<ServiceEvent> Events { get; init; } = [];
}

/// <summary>A revision running in a service: its ARN and task counts.</summary>
public sealed record ServiceCurrentRevisionSummary
{
    public string? Arn { get; init; }

    public int? RequestedTaskCount { get; init; }

    public int? RunningTaskCount { get; init; }

    public int? PendingTaskCount { get; init; }
}

/// <summary>One line of a service's event log.</summary>
public sealed record ServiceEvent
{
    public string? Id { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? Message { get; init; }
}
