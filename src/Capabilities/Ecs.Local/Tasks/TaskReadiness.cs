using Pipeline.Ecs.Local.LoadBalancing;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>Whether a task serves, and where its load balancer reaches it.</summary>
internal static class TaskReadiness
{
    /// <summary>Running, its container health checks (if any) pass, and its load balancer target answers.</summary>
    public static bool IsReady(TaskState task, bool hasLoadBalancer) =>
        task is { LastStatus: "RUNNING", DesiredStatus: "RUNNING" }
        && task.HealthStatus != "UNHEALTHY"
        && task.Containers.Where(c => c.Essential && c.HasHealthCheck).All(c => c.HealthStatus == "HEALTHY")
        && (!hasLoadBalancer || task.TargetHealthy == true);

    /// <summary>The host port of the load balancer's container port in the task, or null while it has none.</summary>
    public static int? TargetPortOf(TaskState task, LoadBalancer lb) =>
        task.Containers
            .Where(c => lb.ContainerName is null || c.Name == lb.ContainerName)
            .SelectMany(c => c.NetworkBindings)
            .FirstOrDefault(b => lb.ContainerPort is null || b.ContainerPort == lb.ContainerPort)?.HostPort;
}
