namespace Pipeline.Aws.Ecs;

/// <summary>
/// One service deployment as <c>DescribeServiceDeployments</c> reports it: status and reason, the lifecycle stage,
/// the hooks it waits at, the source and target revisions with their traffic weights, the rollback and the alarms.
/// Enum-valued members are plain strings (<see cref="EcsValues"/>) so values AWS adds later still parse.
/// </summary>
public sealed record ServiceDeployment
{
    public string? ServiceDeploymentArn { get; init; }

    public string? ServiceArn { get; init; }

    public string? ClusterArn { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public IReadOnlyList<ServiceRevisionSummary> SourceServiceRevisions { get; init; } = [];

    public ServiceRevisionSummary? TargetServiceRevision { get; init; }

    /// <summary><see cref="EcsValues.DeploymentStatus"/>.</summary>
    public string? Status { get; init; }

    public string? StatusReason { get; init; }

    /// <summary>The <c>ServiceDeploymentLifecycleStage</c>; none is reported while rolling back.</summary>
    public string? LifecycleStage { get; init; }

    public IReadOnlyList<DeploymentLifecycleHookDetail> LifecycleHookDetails { get; init; } = [];

    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    public ServiceDeploymentRollback? Rollback { get; init; }

    public ServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    public ServiceDeploymentAlarms? Alarms { get; init; }
}

/// <summary>A revision in a deployment: task counts and the requested share of production and test traffic (percent).</summary>
public sealed record ServiceRevisionSummary
{
    public string? Arn { get; init; }

    public int? RequestedTaskCount { get; init; }

    public int? RunningTaskCount { get; init; }

    public int? PendingTaskCount { get; init; }

    public double? RequestedTestTrafficWeight { get; init; }

    public double? RequestedProductionTrafficWeight { get; init; }
}

/// <summary>A lifecycle hook as the deployment reached it: its id for <c>ContinueServiceDeployment</c>, status and expiry.</summary>
public sealed record DeploymentLifecycleHookDetail
{
    public string? HookId { get; init; }

    /// <summary><see cref="EcsValues.HookTarget"/>.</summary>
    public string? TargetType { get; init; }

    public string? TargetArn { get; init; }

    /// <summary><see cref="EcsValues.HookStatus"/>.</summary>
    public string? Status { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary><see cref="EcsValues.HookAction"/> taken when it expires.</summary>
    public string? TimeoutAction { get; init; }
}

/// <summary>Why and when a deployment rolled back, and to which revision.</summary>
public sealed record ServiceDeploymentRollback
{
    public string? Reason { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public string? ServiceRevisionArn { get; init; }
}

/// <summary>The circuit breaker's view of a (rolling) deployment.</summary>
public sealed record ServiceDeploymentCircuitBreaker
{
    public string? Status { get; init; }

    public int? FailureCount { get; init; }

    public int? Threshold { get; init; }
}

/// <summary>The alarms watched during the deployment and which ones triggered.</summary>
public sealed record ServiceDeploymentAlarms
{
    /// <summary><c>TRIGGERED</c>, <c>MONITORING</c>, <c>MONITORING_COMPLETE</c> or <c>DISABLED</c>.</summary>
    public string? Status { get; init; }

    public IReadOnlyList<string> AlarmNames { get; init; } = [];

    public IReadOnlyList<string> TriggeredAlarmNames { get; init; } = [];
}
