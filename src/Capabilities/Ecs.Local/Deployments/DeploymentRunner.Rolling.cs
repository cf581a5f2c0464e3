using Microsoft.Extensions.Logging;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;
using Pipeline.Foundation.Polling;

namespace Pipeline.Ecs.Local.Deployments;

/// <summary>
/// A ROLLING deployment as ECS documents it: new tasks start while the service stays within <c>maximumPercent</c> of
/// its desired count, each joins the target group once healthy, and old tasks are taken out of the target group,
/// drained and stopped while at least <c>minimumHealthyPercent</c> stay healthy. Production traffic is spread over the
/// registered tasks, so the new revision's share is its registered tasks' share. New tasks that keep failing trip the
/// circuit breaker (<c>deploymentCircuitBreaker</c>), which rolls back to the previous revision.
/// </summary>
internal sealed partial class DeploymentRunner
{
    /// <summary>How long a deregistered task keeps serving the requests it has (the target group's deregistration delay).</summary>
    private static readonly TimeSpan DeregistrationDelay = TimeSpan.FromSeconds(1);

    private bool HasSource => store.Read(_ => service.CurrentRevisionArn is { } c && c != target.Arn);

    private async Task RollAsync(CancellationToken cancellationToken)
    {
        SetStage("SCALE_UP");
        var (desired, maximum, minimum) = store.Read(_ =>
        {
            var count = service.DesiredCount;
            return (count,
                (int)Math.Floor(count * (Configuration.MaximumPercent ?? 200) / 100.0),
                (int)Math.Ceiling(count * (Configuration.MinimumHealthyPercent ?? 100) / 100.0));
        });
        store.Write(_ => service.RollingSourceCount = OldTasks().Count);
        var progressAt = DateTimeOffset.UtcNow;
        var lastReady = -1;
        while (true)
        {
            CheckStop();
            var old = OldTasks();
            var (newLive, newReady) = store.Read(d =>
            {
                var mine = d.Tasks.Values.Where(t => t.ServiceRevisionArn == target.Arn && !t.IsStopped && t.DesiredStatus == "RUNNING").ToList();
                return (mine.Count, mine.Count(t => TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0)));
            });
            await ShareTrafficAsync(newReady, old.Count(t => TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0)), cancellationToken);
            if (old.Count == 0 && newReady >= desired)
            {
                return;
            }

            if (newReady != lastReady)
            {
                (lastReady, progressAt) = (newReady, DateTimeOffset.UtcNow);
            }
            else if (DateTimeOffset.UtcNow - progressAt > options.HealthyTimeout)
            {
                throw new RollbackException(
                    $"Service deployment rolled back because the tasks of {Arns.NameOf(target.TaskDefinitionArn)} did not become healthy within {options.HealthyTimeout.TotalSeconds:0}s ({newReady} of {desired} healthy).");
            }

            var oldReady = old.Count(t => TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0));
            var full = old.Count + newLive >= maximum;
            if (old.Count > 0 && oldReady + newReady - 1 >= minimum && (full || newReady + old.Count > desired))
            {
                await DrainAsync(old.OrderBy(t => TaskReadiness.IsReady(t, true)).ThenBy(t => t.CreatedAt).First(), cancellationToken);
                continue;
            }

            await KeepTargetTasksAsync(cancellationToken, Math.Min(desired, Math.Max(0, maximum - old.Count)));
            await CheckAlarmsAsync(cancellationToken);
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>The previous revisions' tasks still in the target group.</summary>
    private List<TaskState> OldTasks() => store.Read(d => d.Tasks.Values
        .Where(t => t.ServiceArn == service.Arn && t.ServiceRevisionArn != target.Arn && !t.IsStopped && t.DesiredStatus == "RUNNING" && !t.Deregistered)
        .ToList());

    /// <summary>The new revision's share of production traffic: its share of the healthy registered targets.</summary>
    private async Task ShareTrafficAsync(int newReady, int oldReady, CancellationToken cancellationToken)
    {
        var weight = newReady + oldReady == 0 ? 0 : Math.Round(100.0 * newReady / (newReady + oldReady), 1);
        var changed = store.Write(_ =>
        {
            if (Math.Abs(service.TargetProductionWeight - weight) < 1e-9)
            {
                return false;
            }

            service.TargetProductionWeight = weight;
            deployment.TargetProductionWeight = weight;
            deployment.UpdatedAt = DateTimeOffset.UtcNow;
            return true;
        });
        if (changed)
        {
            await routes.ApplyAsync(service.Arn, cancellationToken);
            await StartAlarmsAsync(cancellationToken);
        }
    }

    /// <summary>Takes one old task out of the target group, lets its requests finish, then stops it.</summary>
    private async Task DrainAsync(TaskState task, CancellationToken cancellationToken)
    {
        store.Write(_ =>
        {
            task.Deregistered = true;
            service.RollingSourceCount = Math.Max(0, (service.RollingSourceCount ?? 1) - 1);
        });
        var (newReady, oldReady) = store.Read(d => (
            d.Tasks.Values.Count(t => t.ServiceRevisionArn == target.Arn && TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0)),
            OldTasks().Count(t => TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0))));
        await ShareTrafficAsync(newReady, oldReady, cancellationToken);
        await routes.ApplyAsync(service.Arn, cancellationToken);
        logger.LogInformation("Deployment {Deployment}: draining task {Task} of the previous revision", Arns.NameOf(deploymentArn), task.Id);
        await Task.Delay(DeregistrationDelay, cancellationToken);
        await tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", "Task stopped by the rolling deployment (replaced by the new revision)", cancellationToken);
    }

    /// <summary>Before a rolled-back rolling deployment takes the new revision out, the previous one runs healthy tasks again.</summary>
    private async Task RestoreSourceAsync(ServiceRevisionState source, CancellationToken cancellationToken)
    {
        if (store.Read(_ => service.RollingSourceCount) is null)
        {
            return;
        }

        store.Write(_ => service.RollingSourceCount = null);
        try
        {
            await Poll.UntilAsync(
                _ => Task.FromResult(store.Read(d => d.Tasks.Values.Count(t => t.ServiceRevisionArn == source.Arn && !t.Deregistered && TaskReadiness.IsReady(t, service.LoadBalancers.Count > 0)))),
                ready => ready >= store.Read(_ => service.DesiredCount),
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), options.HealthyTimeout),
                $"the tasks of {Arns.NameOf(source.TaskDefinitionArn)} to serve again",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            logger.LogWarning("Deployment {Deployment}: {Message}", Arns.NameOf(deploymentArn), e.Message);
        }
    }
}
