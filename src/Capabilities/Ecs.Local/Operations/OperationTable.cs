using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Hosting;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>The operations the local ECS implements, by X-Amz-Target operation name.</summary>
internal static class OperationTable
{
    public static IReadOnlyDictionary<string, Func<EcsRequest, CancellationToken, Task<JsonObject>>> For(LocalEcsHost host, EcsLocalOptions options)
    {
        var clusters = new ClusterOperations(host.Store, host.Arns);
        var definitions = new TaskDefinitionOperations(host.Store, host.Arns);
        var services = new ServiceOperations(host.Store, host.Arns, host.Traffic, host.Deployments, host.Tasks, host.Background, options.TaskFailureThreshold);
        var deployments = new ServiceDeploymentOperations(host.Store);
        var tasks = new TaskOperations(host.Store, host.Arns, host.Launcher, host.Tasks, host.Background);
        return new Dictionary<string, Func<EcsRequest, CancellationToken, Task<JsonObject>>>(StringComparer.Ordinal)
        {
            ["CreateCluster"] = Sync(clusters.CreateCluster),
            ["DescribeClusters"] = Sync(clusters.DescribeClusters),
            ["RegisterTaskDefinition"] = Sync(definitions.RegisterTaskDefinition),
            ["DescribeTaskDefinition"] = Sync(definitions.DescribeTaskDefinition),
            ["DeregisterTaskDefinition"] = Sync(definitions.DeregisterTaskDefinition),
            ["CreateService"] = services.CreateServiceAsync,
            ["UpdateService"] = Sync(services.UpdateService),
            ["DescribeServices"] = Sync(services.DescribeServices),
            ["DeleteService"] = Sync(services.DeleteService),
            ["ListServiceDeployments"] = Sync(deployments.ListServiceDeployments),
            ["DescribeServiceDeployments"] = Sync(deployments.DescribeServiceDeployments),
            ["DescribeServiceRevisions"] = Sync(deployments.DescribeServiceRevisions),
            ["ContinueServiceDeployment"] = Sync(deployments.ContinueServiceDeployment),
            ["StopServiceDeployment"] = Sync(deployments.StopServiceDeployment),
            ["RunTask"] = Sync(tasks.RunTask),
            ["DescribeTasks"] = Sync(tasks.DescribeTasks),
            ["StopTask"] = tasks.StopTaskAsync,
            ["ListTasks"] = Sync(tasks.ListTasks),
        };
    }

    private static Func<EcsRequest, CancellationToken, Task<JsonObject>> Sync(Func<EcsRequest, JsonObject> operation) =>
        (request, _) => Task.FromResult(operation(request));
}
