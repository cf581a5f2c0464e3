using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.Bake;
using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// One ECS service deployment (its <c>serviceDeploymentArn</c>): watched with <c>DescribeServiceDeployments</c>,
/// continued at a <c>PAUSE</c> hook with <c>ContinueServiceDeployment</c>, rolled back with ContinueServiceDeployment
/// ROLLBACK at a hook or <c>StopServiceDeployment</c> ROLLBACK elsewhere. Once production traffic reaches the new
/// revision, its alarms are read too (<see cref="BakeWatch"/>): a breach is reported before ECS acts on it. Pipeline's
/// bake alarms are set to OK right before production traffic shifts, so that the new revision's breach is a change.
/// </summary>
internal sealed class EcsServiceDeployment(string arn, EcsClient ecs, EcsErrors errors, PollSchedule schedule, BakeWatch? watch, ILogger logger) : IManagedDeployment
{
    public string Id => arn;

    public Task<ManagedDeploymentState> WaitForChangeAsync(ManagedDeploymentState? last, CancellationToken cancellationToken) =>
        DeploymentChangeWait.UntilChangedAsync(DescribeAsync, last, $"ECS deployment {arn}", errors, schedule, cancellationToken);

    public async Task ContinueAsync(GateWait gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (gate.Gate == DeploymentGate.PostTestTrafficShift && watch is not null)
        {
            await watch.ResetAsync(cancellationToken);
        }

        await errors.CallAsync(() => ecs.ContinueServiceDeploymentAsync(
            new ContinueServiceDeploymentRequest { ServiceDeploymentArn = arn, HookId = gate.WaitId, Action = EcsValues.HookAction.Continue },
            cancellationToken));
    }

    public async Task RollbackAsync(ManagedDeploymentState current, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.WaitingAt is { } gate && current.Status == ManagedDeploymentStatus.InProgress)
        {
            try
            {
                await ecs.ContinueServiceDeploymentAsync(
                    new ContinueServiceDeploymentRequest { ServiceDeploymentArn = arn, HookId = gate.WaitId, Action = EcsValues.HookAction.Rollback },
                    cancellationToken);
                logger.LogInformation("  ContinueServiceDeployment ROLLBACK at hook {Hook}: {Reason}", gate.WaitId, reason);
                return;
            }
            catch (AwsServiceException e) when (!e.IsRetryable)
            {
                // The hook is no longer waiting (it timed out, or the deployment moved on): stop the deployment instead.
                logger.LogDebug("ContinueServiceDeployment ROLLBACK refused ({Error}); stopping the deployment", e.Message);
            }
        }

        try
        {
            await ecs.StopServiceDeploymentAsync(
                new StopServiceDeploymentRequest { ServiceDeploymentArn = arn, StopType = EcsValues.StopType.Rollback }, cancellationToken);
            logger.LogInformation("  StopServiceDeployment ROLLBACK: {Reason}", reason);
        }
        catch (AwsServiceException e) when (!e.IsRetryable)
        {
            var now = await errors.CallAsync(() => DescribeAsync(cancellationToken));
            if (!now.IsTerminal && !now.IsRollingBack)
            {
                throw new DeployException(errors.Line(e), e);
            }
        }
    }

    private async Task<ManagedDeploymentState> DescribeAsync(CancellationToken cancellationToken)
    {
        var response = await ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }, cancellationToken);
        var deployment = response.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == arn) ?? response.ServiceDeployments.FirstOrDefault()
            ?? throw new DeployException($"ECS does not know deployment {arn}: {string.Join("; ", response.Failures.Select(f => $"{f.Reason} {f.Detail}".Trim()))}");
        var state = EcsDeploymentState.From(deployment);
        return watch is not null && state.Status == ManagedDeploymentStatus.InProgress
            && state.Stage is DeploymentStage.ProductionTrafficShift or DeploymentStage.PostProductionTrafficShift or DeploymentStage.BakeTime
            ? state with { Breach = await watch.BreachAsync(deployment.CreatedAt ?? DateTimeOffset.MinValue, cancellationToken) }
            : state;
    }
}
