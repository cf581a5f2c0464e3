using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.Bake;
using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// An ECS rolling update, shown to the engine as the managed lifecycle it knows. While ECS replaces the tasks, the
/// service deployment is watched as is (a circuit breaker or alarm rollback ends it ROLLBACK_SUCCESSFUL). Once ECS says
/// SUCCESSFUL, production runs the new revision and there was no earlier point to test it: the deployment then waits at
/// POST_PRODUCTION_TRAFFIC_SHIFT for the engine's smoke tests against production, bakes with Pipeline watching the
/// alarms, and only then is SUCCESSFUL. A failure there (smoke test, breach, cancellation) updates the service back
/// to the previous task definition — a rolling update back — and ends ROLLBACK_SUCCESSFUL when that one succeeded.
/// </summary>
internal sealed class EcsRollingDeployment(
    string arn, string? previousTaskDefinition, RollingSettings rolling, EcsClient ecs, EcsErrors errors, PollSchedule schedule, BakeWatch? watch, ILogger logger)
    : IManagedDeployment
{
    private Phase phase = Phase.Rolling;
    private DateTimeOffset bakeUntil;
    private string? rollbackArn;
    private string? rollbackReason;
    private string? supersededBy;
    private DateTimeOffset rolledAt = DateTimeOffset.UtcNow;

    private enum Phase
    {
        Rolling,
        Verifying,
        Baking,
        Successful,
        RollingBack,
        Superseded,
    }

    public string Id => arn;

    public Task<ManagedDeploymentState> WaitForChangeAsync(ManagedDeploymentState? last, CancellationToken cancellationToken) =>
        DeploymentChangeWait.UntilChangedAsync(ObserveAsync, last, $"ECS rolling update {arn}", errors, schedule, cancellationToken);

    public Task ContinueAsync(GateWait gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (phase == Phase.Verifying)
        {
            phase = Phase.Baking;
            bakeUntil = DateTimeOffset.UtcNow + rolling.Bake;
        }

        return Task.CompletedTask;
    }

    public async Task RollbackAsync(ManagedDeploymentState current, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (phase == Phase.Rolling)
        {
            if (EcsDeploymentState.Status((await errors.CallAsync(() => DescribeAsync(arn, cancellationToken))).Status) != ManagedDeploymentStatus.Successful)
            {
                // ECS still replaces tasks: its own rollback puts the previous revision's tasks back.
                await new EcsServiceDeployment(arn, ecs, errors, schedule, null, logger).RollbackAsync(current, reason, cancellationToken);
                return;
            }

            phase = Phase.Verifying; // ECS finished since the last look: only an update back undoes it
        }

        if (phase is Phase.RollingBack or Phase.Superseded)
        {
            return;
        }

        // Another deploy may have updated the service while this one was still judging production: updating back over
        // it would undo that release, so this one ends without touching the service.
        if (await NewerDeploymentAsync(cancellationToken) is { } newer)
        {
            (phase, supersededBy, rollbackReason) = (Phase.Superseded, newer, reason);
            logger.LogWarning("  not updating back: service deployment {Newer} replaced rolling update {Deployment} since ({Reason})", newer, arn, reason);
            return;
        }

        var previous = previousTaskDefinition
            ?? throw new DeployException($"cannot roll back the rolling update {arn}: the service ran no earlier task definition ({reason})");
        var updated = await errors.CallAsync(() => ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = rolling.Cluster,
            Service = rolling.Service,
            TaskDefinition = previous,
        }, cancellationToken));
        rollbackArn = updated.Service?.CurrentServiceDeployment is { } started && started != arn
            ? started
            : throw new DeployException($"rolling back {arn}: UpdateService to {previous} started no service deployment");
        (phase, rollbackReason) = (Phase.RollingBack, reason);
        logger.LogInformation("  UpdateService back to {TaskDefinition} (rolling update {Deployment}): {Reason}", previous, rollbackArn, reason);
    }

    private async Task<ManagedDeploymentState> ObserveAsync(CancellationToken cancellationToken)
    {
        switch (phase)
        {
            case Phase.Rolling:
                var deployment = await DescribeAsync(arn, cancellationToken);
                var state = EcsDeploymentState.From(deployment);
                if (state.Status != ManagedDeploymentStatus.Successful)
                {
                    return state with { TestWeight = null };
                }

                phase = Phase.Verifying;
                rolledAt = deployment.FinishedAt ?? DateTimeOffset.UtcNow;
                return Verifying();
            case Phase.Verifying:
                return Verifying();
            case Phase.Baking:
                var breach = watch is null ? null : await watch.BreachAsync(rolledAt, cancellationToken);
                if (breach is null && DateTimeOffset.UtcNow >= bakeUntil)
                {
                    phase = Phase.Successful;
                }

                return phase == Phase.Successful
                    ? new ManagedDeploymentState { Status = ManagedDeploymentStatus.Successful, Stage = DeploymentStage.CleanUp, ProductionWeight = 100 }
                    : new ManagedDeploymentState { Status = ManagedDeploymentStatus.InProgress, Stage = DeploymentStage.BakeTime, ProductionWeight = 100, Breach = breach };
            case Phase.Successful:
                return new ManagedDeploymentState { Status = ManagedDeploymentStatus.Successful, Stage = DeploymentStage.CleanUp, ProductionWeight = 100 };
            case Phase.Superseded:
                return new ManagedDeploymentState
                {
                    Status = ManagedDeploymentStatus.Stopped,
                    StatusReason = $"not rolled back: service deployment {supersededBy} started on {rolling.Cluster}/{rolling.Service} after this one and runs now",
                    RollbackReason = rollbackReason,
                };
            default:
                var back = await DescribeAsync(rollbackArn!, cancellationToken);
                var status = EcsDeploymentState.Status(back.Status);
                return new ManagedDeploymentState
                {
                    Status = status switch
                    {
                        ManagedDeploymentStatus.Successful => ManagedDeploymentStatus.RollbackSuccessful,
                        ManagedDeploymentStatus.Pending or ManagedDeploymentStatus.InProgress => ManagedDeploymentStatus.RollbackInProgress,
                        _ => ManagedDeploymentStatus.RollbackFailed,
                    },
                    StatusReason = status is ManagedDeploymentStatus.Successful or ManagedDeploymentStatus.Pending or ManagedDeploymentStatus.InProgress
                        ? null
                        : $"the rolling update back to {previousTaskDefinition} ({rollbackArn}) ended {back.Status}: {back.StatusReason ?? "no reason given"}",
                    RollbackReason = rollbackReason,
                };
        }
    }

    private ManagedDeploymentState Verifying() => new()
    {
        Status = ManagedDeploymentStatus.InProgress,
        Stage = DeploymentStage.PostProductionTrafficShift,
        ProductionWeight = 100,
        WaitingAt = new GateWait(DeploymentGate.PostProductionTrafficShift, $"{arn}#production", null),
    };

    /// <summary>The service's current deployment when it is no longer this one (another deploy updated the service), else null.</summary>
    private async Task<string?> NewerDeploymentAsync(CancellationToken cancellationToken)
    {
        var described = await errors.CallAsync(() => ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = rolling.Cluster, Services = [rolling.Service] }, cancellationToken));
        return described.Services.FirstOrDefault()?.CurrentServiceDeployment is { } current && current != arn ? current : null;
    }

    private async Task<ServiceDeployment> DescribeAsync(string deploymentArn, CancellationToken cancellationToken)
    {
        var response = await ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [deploymentArn] }, cancellationToken);
        return response.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == deploymentArn)
            ?? throw new DeployException($"ECS does not know deployment {deploymentArn}: {string.Join("; ", response.Failures.Select(f => $"{f.Reason} {f.Detail}".Trim()))}");
    }
}

/// <summary>What a rolling update needs to know beyond its deployment: the service, and how long Pipeline bakes after it.</summary>
internal sealed record RollingSettings(string Cluster, string Service, TimeSpan Bake);
