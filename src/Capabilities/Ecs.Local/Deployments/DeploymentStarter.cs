using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Ecs.Local.Alarms;
using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;
using Pipeline.Ecs.Local.Tasks;

namespace Pipeline.Ecs.Local.Deployments;

/// <summary>Runs service deployments in the background, resumes (rolls back) the ones a restart interrupted, and ends them all on <c>down</c>.</summary>
internal sealed class DeploymentStarter(
    EcsStore store, TaskLauncher launcher, TaskRunner tasks, ServiceRoutes routes, ServiceTraffic traffic, EcsLocalOptions options, BackgroundWork background, ILogger logger)
{
    /// <summary>The alarms of <see cref="EcsLocalOptions.Alarms"/>: rules on a revision's traffic, by alarm name.</summary>
    private readonly IReadOnlyDictionary<string, AlarmRule> rules =
        options.Alarms.ToDictionary(a => a.Key, a => AlarmRule.Parse(a.Key, a.Value), StringComparer.Ordinal);

    /// <summary>Runs a deployment in the background (it waits for an earlier one of the same service to finish first).</summary>
    public void Start(string deploymentArn, bool initial) =>
        background.Run(ct => new DeploymentRunner(store, launcher, tasks, routes, traffic, rules, options, logger, deploymentArn, initial).RunAsync(ct));

    /// <summary>The deployments a restart interrupted roll back.</summary>
    public void ResumeInterrupted()
    {
        foreach (var deployment in store.Read(d => d.Deployments.Values.Where(x => !x.IsFinished).ToList()))
        {
            store.Write(_ => deployment.StopRequest = "The local ECS restarted during the service deployment");
            Start(deployment.Arn, initial: false);
        }
    }

    /// <summary>Every unfinished deployment STOPPED with <paramref name="reason"/> (its runner ends with the background work).</summary>
    public void StopAll(string reason) => store.Write(d =>
    {
        foreach (var deployment in d.Deployments.Values.Where(x => !x.IsFinished))
        {
            deployment.Status = "STOPPED";
            deployment.StatusReason = reason;
            deployment.FinishedAt = deployment.StoppedAt = DateTimeOffset.UtcNow;
        }
    });
}
