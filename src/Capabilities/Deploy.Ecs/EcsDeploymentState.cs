using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Managed;

namespace Pipeline.Deploy.Ecs;

/// <summary>Reads a <see cref="ServiceDeployment"/> as the platform-neutral <see cref="ManagedDeploymentState"/>, leniently.</summary>
public static class EcsDeploymentState
{
    public static ManagedDeploymentState From(ServiceDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var stage = DeploymentStages.FromEcsName(deployment.LifecycleStage);
        var waiting = deployment.LifecycleHookDetails.FirstOrDefault(h =>
            h.Status == EcsValues.HookStatus.AwaitingAction && (h.TargetType is null or EcsValues.HookTarget.Pause) && h.HookId is not null);
        GateWait? gate = waiting is null ? null : stage switch
        {
            DeploymentStage.PostTestTrafficShift => new GateWait(DeploymentGate.PostTestTrafficShift, waiting.HookId!, waiting.ExpiresAt),
            DeploymentStage.PostProductionTrafficShift => new GateWait(DeploymentGate.PostProductionTrafficShift, waiting.HookId!, waiting.ExpiresAt),
            _ => null,
        };
        return new ManagedDeploymentState
        {
            Status = Status(deployment.Status),
            StatusReason = deployment.StatusReason,
            Stage = stage,
            ProductionWeight = deployment.TargetServiceRevision?.RequestedProductionTrafficWeight,
            TestWeight = deployment.TargetServiceRevision?.RequestedTestTrafficWeight,
            WaitingAt = gate,
            RollbackReason = deployment.Rollback?.Reason,
            TriggeredAlarms = deployment.Alarms?.TriggeredAlarmNames ?? [],
        };
    }

    /// <summary>An ECS <c>ServiceDeploymentStatus</c>; values this version does not know are <see cref="ManagedDeploymentStatus.Unknown"/>.</summary>
    public static ManagedDeploymentStatus Status(string? status) => status switch
    {
        EcsValues.DeploymentStatus.Pending => ManagedDeploymentStatus.Pending,
        EcsValues.DeploymentStatus.InProgress => ManagedDeploymentStatus.InProgress,
        EcsValues.DeploymentStatus.Successful => ManagedDeploymentStatus.Successful,
        EcsValues.DeploymentStatus.Stopped => ManagedDeploymentStatus.Stopped,
        EcsValues.DeploymentStatus.StopRequested => ManagedDeploymentStatus.StopRequested,
        EcsValues.DeploymentStatus.RollbackRequested => ManagedDeploymentStatus.RollbackRequested,
        EcsValues.DeploymentStatus.RollbackInProgress => ManagedDeploymentStatus.RollbackInProgress,
        EcsValues.DeploymentStatus.RollbackSuccessful => ManagedDeploymentStatus.RollbackSuccessful,
        EcsValues.DeploymentStatus.RollbackFailed => ManagedDeploymentStatus.RollbackFailed,
        _ => ManagedDeploymentStatus.Unknown,
    };

    /// <summary>True for statuses of a deployment that has not ended (a new one must not start beside it).</summary>
    public static bool IsActive(string? status) => status is EcsValues.DeploymentStatus.Pending or EcsValues.DeploymentStatus.InProgress
        or EcsValues.DeploymentStatus.StopRequested or EcsValues.DeploymentStatus.RollbackRequested or EcsValues.DeploymentStatus.RollbackInProgress;
}
