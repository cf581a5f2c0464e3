using Docker.DotNet.Models;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>What a restarted local ECS finds of its tasks, and what <c>down</c> leaves of them: nothing.</summary>
internal sealed partial class TaskRunner
{
    /// <summary>
    /// Reconciles the saved tasks with the Docker engine: a live task whose containers are gone or stopped is STOPPED,
    /// and containers of this local ECS that no live task owns are removed.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var containers = await ListOwnContainersAsync(cancellationToken);
        var live = store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).ToList());
        foreach (var task in live)
        {
            var own = containers[task.Arn].ToList();
            if (own.Count == 0 || own.Any(c => c.State != "running"))
            {
                foreach (var container in own)
                {
                    await RemoveContainerAsync(container.ID, cancellationToken);
                }

                store.Write(_ =>
                {
                    task.LastStatus = "STOPPED";
                    task.DesiredStatus = "STOPPED";
                    task.StopCode ??= "TaskFailedToStart";
                    task.StoppedReason ??= "The local ECS restarted and found the task's containers gone";
                    task.StoppedAt ??= DateTimeOffset.UtcNow;
                    foreach (var c in task.Containers)
                    {
                        c.LastStatus = "STOPPED";
                    }
                });
            }
        }

        var known = store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).Select(t => t.Arn).ToHashSet(StringComparer.Ordinal));
        await RemoveAsync(containers.Where(g => !known.Contains(g.Key)).SelectMany(g => g), cancellationToken);
    }

    /// <summary>Stops every live task with <paramref name="reason"/>, then removes every container of this local ECS.</summary>
    public async Task StopAllAsync(string reason, CancellationToken cancellationToken)
    {
        foreach (var task in store.Read(d => d.Tasks.Values.Where(t => !t.IsStopped).ToList()))
        {
            await StopAsync(task.Arn, "UserInitiated", reason, cancellationToken);
        }

        await RemoveAsync((await ListOwnContainersAsync(cancellationToken)).SelectMany(g => g), cancellationToken);
    }

    private async Task RemoveAsync(IEnumerable<ContainerListResponse> containers, CancellationToken cancellationToken)
    {
        foreach (var container in containers)
        {
            await RemoveContainerAsync(container.ID, cancellationToken);
        }
    }
}
