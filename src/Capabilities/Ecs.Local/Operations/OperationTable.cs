using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.Protocol;

namespace Pipeline.Ecs.Local.Operations;

/// <summary>The operations the local ECS implements, by X-Amz-Target operation name.</summary>
internal static class OperationTable
{
    public static IReadOnlyDictionary<string, Func<EcsRequest, CancellationToken, Task<JsonObject>>> For(EcsEngine engine)
    {
        var clusters = new ClusterOperations(engine);
        var definitions = new TaskDefinitionOperations(engine);
        var services = new ServiceOperations(engine);
        var deployments = new ServiceDeploymentOperations(engine);
        var tasks = new TaskOperations(engine);
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
