using Microsoft.Extensions.Logging;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;

namespace Pipeline.Ecs.Local.Scheduling;

/// <summary>
/// ECS's service scheduler, one pass at a time: reads the tasks' containers, forgets old stopped tasks, probes each
/// service's load balancer targets, replaces its dead or unhealthy tasks, scales it to its desired count and keeps its
/// load balancer's routes on healthy tasks.
/// </summary>
internal sealed class ServiceScheduler(EcsStore store, TaskRunner tasks, TaskLauncher launcher, ServiceRoutes routes) : IDisposable
{
    private static readonly TimeSpan ReplacementBackoff = TimeSpan.FromSeconds(5);
    private readonly HttpClient probe = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>How often a pass runs.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromMilliseconds(250);

    public async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        await tasks.RefreshAsync(cancellationToken);
        ForgetOldStoppedTasks();
        var services = store.Read(d => d.Services.Values.Where(s => s.Status == "ACTIVE").ToList());
        foreach (var service in services)
        {
            await ProbeTargetsAsync(service, cancellationToken);
            await ReplaceTasksAsync(service, cancellationToken);
            await routes.ApplyAsync(service.Arn, cancellationToken);
        }
    }

    public void Dispose() => probe.Dispose();

    /// <summary>ECS shows stopped tasks for about an hour: older ones leave the state.</summary>
    private void ForgetOldStoppedTasks()
    {
        var cutoff = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        if (store.Read(d => d.Tasks.Values.Any(t => t.IsStopped && t.StoppedAt < cutoff)))
        {
            store.Write(d =>
            {
                foreach (var old in d.Tasks.Values.Where(t => t.IsStopped && t.StoppedAt < cutoff).ToList())
                {
                    d.Tasks.Remove(old.Arn);
                }
            });
        }
    }

    private async Task ProbeTargetsAsync(ServiceState service, CancellationToken cancellationToken)
    {
        if (service.LoadBalancers is not [var lb, ..])
        {
            return;
        }

        var running = store.Read(d => d.Tasks.Values.Where(t => t.ServiceArn == service.Arn && t is { LastStatus: "RUNNING", DesiredStatus: "RUNNING" }).ToList());
        foreach (var task in running)
        {
            var port = TaskReadiness.TargetPortOf(task, lb);
            bool healthy;
            try
            {
                using var response = await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/"), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                healthy = port is not null && (int)response.StatusCode < 500;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                healthy = false;
            }

            if (store.Read(_ => task.TargetHealthy) != healthy)
            {
                store.Write(_ => task.TargetHealthy = healthy);
            }
        }
    }

    /// <summary>For the revision production runs: replaces stopped or unhealthy tasks, scales to the desired count.</summary>
    private async Task ReplaceTasksAsync(ServiceState service, CancellationToken cancellationToken)
    {
        var (unhealthy, missing, extra) = store.Read(d =>
        {
            if (service.CurrentRevisionArn is not { } revisionArn)
            {
                return ([], 0, new List<TaskState>());
            }

            var live = d.Tasks.Values.Where(t => t.ServiceRevisionArn == revisionArn && !t.IsStopped && t.DesiredStatus == "RUNNING" && !t.Deregistered).OrderBy(t => t.CreatedAt).ToList();
            var wanted = service.RollingSourceCount ?? service.DesiredCount;
            var sick = live.Where(t => t.HealthStatus == "UNHEALTHY").ToList();
            var healthyCount = live.Count - sick.Count;

            // ECS throttles the replacement of tasks that keep failing: the first failure is replaced at once, more within a
            // few seconds wait
            var recentFailures = d.Tasks.Values.Count(t => t.ServiceRevisionArn == revisionArn && t.IsStopped
                && t.StopCode is "TaskFailedToStart" or "EssentialContainerExited" && t.StoppedAt > DateTimeOffset.UtcNow - ReplacementBackoff);
            return (sick, Math.Max(0, wanted - healthyCount - Math.Max(0, recentFailures - 1)), live.Except(sick).Skip(wanted).ToList());
        });
        foreach (var task in unhealthy)
        {
            await tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", "Task failed container health checks", cancellationToken);
        }

        foreach (var task in extra)
        {
            await tasks.StopAsync(task.Arn, "ServiceSchedulerInitiated", $"Service {service.Name} scaled in", cancellationToken);
        }

        for (var i = 0; i < missing; i++)
        {
            store.Write(d => launcher.LaunchFor(d, service, d.Revisions[service.CurrentRevisionArn!]));
        }
    }
}
