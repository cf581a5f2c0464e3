using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Images;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>The service scheduler: a task that dies is replaced, and the load balancer follows the replacement.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class ServiceSchedulerTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_service_task_whose_container_dies_is_stopped_and_replaced()
    {
        var scenario = new Scenario(ecs, "replace");
        await scenario.StartAsync("v1");
        var before = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["serviceName"] = scenario.Service });
        var dead = before["taskArns"]![0]!.GetValue<string>();
        var described = await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["tasks"] = new JsonArray(dead) });
        var containerId = described["tasks"]![0]!["containers"]![0]!["runtimeId"]!.GetValue<string>();

        using (var docker = DockerConnection.Open())
        {
            await docker.Client.Containers.KillContainerAsync(containerId, new Docker.DotNet.Models.ContainerKillParameters { Signal = "KILL" }, CancellationToken.None);
        }

        string? replacement = null;
        await Eventually.WaitForAsync(
            async () =>
            {
                var running = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["serviceName"] = scenario.Service });
                replacement = running["taskArns"]!.AsArray().Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != dead);
                return replacement is not null && await Scenario.GetAsync(scenario.ProductionUrl) == "v1";
            },
            TimeSpan.FromSeconds(60),
            "a replacement task serving production");

        var stopped = (await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["tasks"] = new JsonArray(dead, replacement) }))["tasks"]!.AsArray();
        var old = stopped.Single(t => t!["taskArn"]!.GetValue<string>() == dead)!;
        Assert.Equal("STOPPED", old["lastStatus"]!.GetValue<string>());
        Assert.Equal("EssentialContainerExited", old["stopCode"]!.GetValue<string>());
        Assert.Equal(137, old["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.Equal($"service:{scenario.Service}", stopped.Single(t => t!["taskArn"]!.GetValue<string>() == replacement)!["group"]!.GetValue<string>());
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }
}
