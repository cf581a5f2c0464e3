using System.Text.Json.Nodes;
using Amazon.Runtime;
using Docker.DotNet.Models;
using Pipeline.Aws;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>Starting detached, surviving a restart (tasks rediscovered by label), and down leaving no container or listener behind.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class LifecycleTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_detached_local_ECS_keeps_its_state_and_tasks_across_a_restart_and_down_removes_everything()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-life-{Guid.NewGuid():N}");
        var options = ecs.Options(dir, null) with { Port = LoopbackPorts.Free() };
        var ports = LoopbackPorts.FreePair();
        try
        {
            var info = await LocalEcs.StartDetachedAsync(options);
            Assert.Equal($"http://127.0.0.1:{options.Port}/", info.Endpoint);
            string taskArn;
            using (var client = Client(info))
            {
                await Call(client, "CreateCluster", new JsonObject { ["clusterName"] = "life" });
                await Call(client, "RegisterTaskDefinition", TaskDefinitions.Web("life", "v1"));
                var created = await Call(client, "CreateService", new JsonObject
                {
                    ["cluster"] = "life",
                    ["serviceName"] = "web",
                    ["taskDefinition"] = "life",
                    ["desiredCount"] = 1,
                    ["loadBalancers"] = TaskDefinitions.LoadBalancers(ports.Public, ports.Test),
                    ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 },
                });
                var deployment = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
                await Eventually.WaitForAsync(
                    async () => (await Call(client, "DescribeServiceDeployments", new JsonObject { ["serviceDeploymentArns"] = new JsonArray(deployment) }))["serviceDeployments"]![0]!["status"]!.GetValue<string>() == "SUCCESSFUL",
                    TimeSpan.FromSeconds(60), "first deployment SUCCESSFUL");
                taskArn = (await Call(client, "ListTasks", new JsonObject { ["cluster"] = "life" }))["taskArns"]![0]!.GetValue<string>();
            }

            await LocalEcs.StopAsync(dir, down: false);
            Assert.Null(await LocalEcs.TryConnectAsync(dir));
            Assert.Equal("v1", await Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Public}/")));
            Assert.Single(await OwnContainersAsync(taskArn));

            info = await LocalEcs.StartDetachedAsync(options);
            using (var client = Client(info))
            {
                var service = (await Call(client, "DescribeServices", new JsonObject { ["cluster"] = "life", ["services"] = new JsonArray("web") }))["services"]![0]!;
                Assert.Equal(1, service["runningCount"]!.GetValue<int>());
                var tasks = await Call(client, "ListTasks", new JsonObject { ["cluster"] = "life" });
                Assert.Equal([taskArn], tasks["taskArns"]!.AsArray().Select(t => t!.GetValue<string>()));
            }

            await LocalEcs.StopAsync(dir, down: true);
            Assert.Null(await LocalEcs.TryConnectAsync(dir));
            Assert.Empty(await OwnContainersAsync(taskArn));
            await Assert.ThrowsAsync<HttpRequestException>(() => Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Public}/")));
        }
        finally
        {
            await LocalEcs.StopAsync(dir, down: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    private AwsJsonClient Client(EcsLocalInfo info) => new(AwsService.Ecs, new AwsClientOptions
    {
        Region = info.Region,
        ServiceUrl = new Uri(info.Endpoint),
        Credentials = new BasicAWSCredentials(LocalEcsFixture.AccessKey, ecs.SecretKey),
        MaxRetries = 0,
    });

    private static Task<JsonObject> Call(AwsJsonClient client, string operation, JsonObject request) =>
        client.SendAsync(
            operation, request,
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject)),
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject)),
            CancellationToken.None);

    private static async Task<IList<ContainerListResponse>> OwnContainersAsync(string taskArn)
    {
        using var docker = Pipeline.Images.DockerConnection.Open();
        return await docker.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"pipeline.ecs-local.task={taskArn}"] = true } },
        });
    }
}
