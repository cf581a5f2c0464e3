namespace Pipeline.Deploy.Managed;

/// <summary>
/// What the platform reports about a deployment at one moment: status and its reason, the lifecycle stage, the
/// traffic weights, the gate it waits at, and — when it rolled back — why (rollback reason, triggered alarms).
/// </summary>
public sealed record ManagedDeploymentState
{
    public ManagedDeploymentStatus Status { get; init; }

    public string? StatusReason { get; init; }

    /// <summary>The lifecycle stage, or null when the platform reports none (ECS reports none while rolling back).</summary>
    public DeploymentStage? Stage { get; init; }

    /// <summary>Percent of production traffic on the new revision, when reported.</summary>
    public double? ProductionWeight { get; init; }

    /// <summary>Percent of test traffic on the new revision, when reported.</summary>
    public double? TestWeight { get; init; }

    /// <summary>The gate the deployment waits at now, or null.</summary>
    public GateWait? WaitingAt { get; init; }

    /// <summary>The platform's reason for a rollback, when it rolled back.</summary>
    public string? RollbackReason { get; init; }

    /// <summary>Alarms that triggered, when any did.</summary>
    public IReadOnlyList<string> TriggeredAlarms { get; init; } = [];

    /// <summary>
    /// A bake threshold breached while the engine watched (ECS: an alarm Pipeline read in ALARM), before the platform
    /// acted on it: the engine rolls back with this reason. Null while nothing is breached.
    /// </summary>
    public string? Breach { get; init; }

    /// <summary>True when nothing more will happen.</summary>
    public bool IsTerminal => Status is ManagedDeploymentStatus.Successful or ManagedDeploymentStatus.Stopped
        or ManagedDeploymentStatus.RollbackSuccessful or ManagedDeploymentStatus.RollbackFailed;

    /// <summary>Only SUCCESSFUL is a release; a successful rollback is a failed release.</summary>
    public bool Succeeded => Status == ManagedDeploymentStatus.Successful;

    /// <summary>True while the platform is rolling back (requested or in progress).</summary>
    public bool IsRollingBack => Status is ManagedDeploymentStatus.RollbackRequested or ManagedDeploymentStatus.RollbackInProgress
        or ManagedDeploymentStatus.StopRequested;

    /// <summary>
    /// True when nothing a human would see differs: status, reasons, stage, weights, gate and alarms (record equality
    /// would compare the alarm list by reference).
    /// </summary>
    public bool SameAs(ManagedDeploymentState? other) =>
        other is not null
        && Status == other.Status
        && StatusReason == other.StatusReason
        && Stage == other.Stage
        && Nullable.Equals(ProductionWeight, other.ProductionWeight)
        && Nullable.Equals(TestWeight, other.TestWeight)
        && WaitingAt?.WaitId == other.WaitingAt?.WaitId
        && RollbackReason == other.RollbackReason
        && Breach == other.Breach
        && TriggeredAlarms.SequenceEqual(other.TriggeredAlarms);
}
