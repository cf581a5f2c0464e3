using Pipeline.Ecs.Local.Deployments;

namespace Pipeline.Ecs.Local.State;

/// <summary>One service deployment: from the source revisions to the target one, through the lifecycle stages.</summary>
internal sealed class ServiceDeploymentState
{
    public required string Arn { get; init; }

    public required string ServiceArn { get; init; }

    public required string ServiceName { get; init; }

    public required string ClusterArn { get; init; }

    public required string ClusterName { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public string Status { get; set; } = "PENDING";

    public string? StatusReason { get; set; }

    public string? LifecycleStage { get; set; }

    public required string TargetRevisionArn { get; init; }

    public List<string> SourceRevisionArns { get; init; } = [];

    public required DeploymentConfiguration DeploymentConfiguration { get; init; }

    public int DesiredCount { get; set; }

    /// <summary>Production weight of the target revision, as requested (0..100).</summary>
    public double TargetProductionWeight { get; set; }

    /// <summary>Test weight of the target revision, as requested (0 or 100).</summary>
    public double TargetTestWeight { get; set; }

    public List<LifecycleHookState> Hooks { get; set; } = [];

    public RollbackState? Rollback { get; set; }

    public string? AlarmStatus { get; set; }

    public List<string> TriggeredAlarmNames { get; set; } = [];

    public string? CircuitBreakerStatus { get; set; }

    public int FailedTasks { get; set; }

    public int FailureThreshold { get; set; }

    /// <summary>Set by StopServiceDeployment; the runner rolls back at its next step.</summary>
    public string? StopRequest { get; set; }

    public bool IsFinished => Status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";
}

/// <summary>One wait of a lifecycle hook; a PAUSE hook at a stage that recurs (a traffic step) gets a new one each time.</summary>
internal sealed class LifecycleHookState
{
    public required string HookId { get; init; }

    public required string TargetType { get; init; }

    public required string Stage { get; init; }

    public string Status { get; set; } = "AWAITING_ACTION";

    public DateTimeOffset? ExpiresAt { get; init; }

    public required string TimeoutAction { get; init; }

    /// <summary>CONTINUE or ROLLBACK once ContinueServiceDeployment answered it.</summary>
    public string? Action { get; set; }
}

/// <summary>Why and when a deployment rolled back, and to which revision.</summary>
internal sealed record RollbackState(string Reason, string ServiceRevisionArn, DateTimeOffset StartedAt);
