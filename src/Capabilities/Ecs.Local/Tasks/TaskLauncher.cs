using System.Text.Json.Nodes;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Ecs.Local.State;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>Puts a new task in the store (PROVISIONING) and has the runner start its containers in the background.</summary>
internal sealed class TaskLauncher(EcsStore store, Arns arns, TaskRunner runner, BackgroundWork background)
{
    public TaskState Launch(
        TaskDefinitionState definition, ClusterState cluster, string group, string? startedBy, ServiceRevisionState? revision,
        string launchType, TaskOverride? overrides, JsonNode? overridesNode)
    {
        var id = Arns.NewId();
        var containers = ContainerDefinition.AllOf(definition.Definition);
        var task = new TaskState
        {
            Id = id,
            Arn = arns.Task(cluster.Name, id),
            ClusterArn = cluster.Arn,
            TaskDefinitionArn = definition.Arn,
            Group = group,
            StartedBy = startedBy,
            ServiceRevisionArn = revision?.Arn,
            ServiceArn = revision?.ServiceArn,
            LaunchType = launchType,
            CreatedAt = DateTimeOffset.UtcNow,
            Cpu = definition.Definition["cpu"]?.ToString(),
            Memory = definition.Definition["memory"]?.ToString(),
            Overrides = overridesNode ?? new JsonObject { ["containerOverrides"] = new JsonArray(), ["inferenceAcceleratorOverrides"] = new JsonArray() },
            Containers =
            [
                .. containers.Select(c => new TaskContainerState
                {
                    Name = c.Name!,
                    Arn = arns.Container(cluster.Name, id, Arns.NewId()),
                    Image = c.Image!,
                    Essential = c.Essential ?? true,
                    HasHealthCheck = c.HealthCheck?.Command is { Count: > 0 },
                    Logs = TaskLogs.DestinationOf(c, id),
                }),
            ],
        };
        store.Write(d => d.Tasks[task.Arn] = task);
        background.Run(ct => runner.LaunchAsync(task.Arn, containers, overrides, ct));
        return task;
    }

    /// <summary>A task of the service's <paramref name="revision"/>, started as ECS's service scheduler starts them.</summary>
    public TaskState LaunchFor(EcsStateData data, ServiceState service, ServiceRevisionState revision) =>
        Launch(data.TaskDefinition(revision.TaskDefinitionArn), data.Cluster(service.ClusterName), $"service:{service.Name}", $"ecs-svc/{ServiceId.Of(service)}", revision, service.LaunchType, null, null);
}
