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

    [FactRequiring(Requirement.Docker)]
    public async Task With_its_state_folder_deleted_while_it_runs_a_start_replaces_it_on_the_same_port()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-lost-{Guid.NewGuid():N}");
        var options = ecs.Options(dir, null) with { Port = LoopbackPorts.Free() };
        var ports = LoopbackPorts.FreePair();
        try
        {
            var (first, taskArn) = await StartWithServiceAsync(options, ports.Public, ports.Test);
            Directory.Delete(dir, recursive: true);
            Assert.Null(await LocalEcs.TryConnectAsync(dir));

            var second = await LocalEcs.StartDetachedAsync(options);

            Assert.Equal(first.Endpoint, second.Endpoint);
            Assert.NotEqual(first.Pid, second.Pid);
            Assert.False(IsRunning(first.Pid));
            Assert.Empty(await OwnContainersAsync(taskArn));
            await Assert.ThrowsAsync<HttpRequestException>(() => Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Public}/")));

            // the lost state starts empty, and the same service on the same listener ports deploys again
            var (_, again) = await CreateServiceAsync(second, ports.Public, ports.Test);
            Assert.NotEqual(taskArn, again);
            Assert.Equal("v1", await Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Public}/")));
        }
        finally
        {
            await LocalEcs.StopAsync(dir, down: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    [FactRequiring(Requirement.Docker)]
    public async Task With_its_state_folder_deleted_while_it_runs_down_stops_the_API_its_listeners_and_tasks_and_lists_them()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-lost-{Guid.NewGuid():N}");
        var options = ecs.Options(dir, null) with { Port = LoopbackPorts.Free() };
        var ports = LoopbackPorts.FreePair();
        try
        {
            var (info, taskArn) = await StartWithServiceAsync(options, ports.Public, ports.Test);
            Directory.Delete(dir, recursive: true);

            var stopped = await LocalEcs.StopAsync(dir, down: true);

            Assert.False(IsRunning(info.Pid));
            Assert.Empty(await OwnContainersAsync(taskArn));
            await Assert.ThrowsAsync<HttpRequestException>(() => Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Public}/")));
            await Assert.ThrowsAsync<HttpRequestException>(() => Scenario.GetAsync(new Uri($"http://127.0.0.1:{ports.Test}/")));
            await Assert.ThrowsAsync<HttpRequestException>(() => Scenario.GetAsync(new Uri(info.Endpoint)));
            Assert.Contains(stopped, line => line.StartsWith($"the local ECS API (pid {info.Pid}", StringComparison.Ordinal));
            Assert.Contains(stopped, line => line.StartsWith($"listener 127.0.0.1:{ports.Public} and 127.0.0.1:{ports.Test} (edge pid ", StringComparison.Ordinal));
            Assert.Contains(stopped, line => line.StartsWith("task container ", StringComparison.Ordinal) && line.EndsWith($"({taskArn})", StringComparison.Ordinal));
            Assert.Empty(await LocalEcs.StopAsync(dir, down: true));
        }
        finally
        {
            await LocalEcs.StopAsync(dir, down: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_call_that_meets_a_stopped_local_ECS_says_in_one_line_to_run_LocalEcsUp()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-stopped-{Guid.NewGuid():N}");
        var options = ecs.Options(dir, null) with { Port = LoopbackPorts.Free() };
        try
        {
            var info = await LocalEcs.StartDetachedAsync(options);
            await LocalEcs.StopAsync(dir, down: true);
            using var client = Client(info);

            var error = await Assert.ThrowsAsync<AwsEndpointException>(() => Call(client, "ListClusters", new JsonObject()));

            Assert.Equal(
                $"ECS ListClusters failed: cannot reach (Connection refused) {info.Endpoint} (after 1 attempt); " +
                $"the local ECS is not running (nothing listens on 127.0.0.1:{options.Port}): start it with ./build.sh LocalEcsUp --local-ecs-port {options.Port}, or check the endpoint URL",
                error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            await LocalEcs.StopAsync(dir, down: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<(EcsLocalInfo Info, string TaskArn)> StartWithServiceAsync(EcsLocalOptions options, int production, int test)
    {
        var info = await LocalEcs.StartDetachedAsync(options);
        var (_, taskArn) = await CreateServiceAsync(info, production, test);
        Assert.Equal("v1", await Scenario.GetAsync(new Uri($"http://127.0.0.1:{production}/")));
        return (info, taskArn);
    }

    /// <summary>Creates the cluster "lost" and its blue/green service "web" (v1 behind the two listeners); answers its first task once deployed.</summary>
    private async Task<(string Deployment, string TaskArn)> CreateServiceAsync(EcsLocalInfo info, int production, int test)
    {
        using var client = Client(info);
        await Call(client, "CreateCluster", new JsonObject { ["clusterName"] = "lost" });
        await Call(client, "RegisterTaskDefinition", TaskDefinitions.Web("lost", "v1"));
        var created = await Call(client, "CreateService", new JsonObject
        {
            ["cluster"] = "lost",
            ["serviceName"] = "web",
            ["taskDefinition"] = "lost",
            ["desiredCount"] = 1,
            ["loadBalancers"] = TaskDefinitions.LoadBalancers(production, test),
            ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 },
        });
        var deployment = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await Eventually.WaitForAsync(
            async () => (await Call(client, "DescribeServiceDeployments", new JsonObject { ["serviceDeploymentArns"] = new JsonArray(deployment) }))["serviceDeployments"]![0]!["status"]!.GetValue<string>() == "SUCCESSFUL",
            TimeSpan.FromSeconds(120), "first deployment SUCCESSFUL");
        return (deployment, (await Call(client, "ListTasks", new JsonObject { ["cluster"] = "lost" }))["taskArns"]![0]!.GetValue<string>());
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
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
