using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>StopServiceDeployment (how ecspresso rolls back) and a newer UpdateService superseding a running deployment.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class StopDeploymentTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task StopServiceDeployment_rolls_back_and_a_second_stop_is_a_conflict()
    {
        var scenario = new Scenario(ecs, "stop");
        await scenario.StartAsync("v1", "v2");
        var deployment = await scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 0,
            ["lifecycleHooks"] = new JsonArray(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT") }),
        });
        var paused = await ecs.WaitDeploymentAsync(deployment, d => Scenario.Stage(d) == "POST_TEST_TRAFFIC_SHIFT", TimeSpan.FromSeconds(60), "paused");
        var target = paused["targetServiceRevision"]!["arn"]!.GetValue<string>();
        var source = paused["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>();

        var listed = await ecs.CallAsync("ListServiceDeployments", new JsonObject
        {
            ["cluster"] = scenario.Cluster,
            ["service"] = scenario.Service,
            ["status"] = new JsonArray("IN_PROGRESS"),
        });
        Assert.Equal([deployment], listed["serviceDeployments"]!.AsArray().Select(d => d!["serviceDeploymentArn"]!.GetValue<string>()));

        await ecs.CallAsync("StopServiceDeployment", new JsonObject { ["serviceDeploymentArn"] = deployment, ["stopType"] = "ROLLBACK" });
        var done = await ecs.WaitDeploymentAsync(deployment, Scenario.IsFinished, TimeSpan.FromSeconds(60), "finished");
        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        Assert.Equal(source, done["rollback"]!["serviceRevisionArn"]!.GetValue<string>());
        Assert.Contains("StopServiceDeployment", done["rollback"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.TestUrl));

        var again = await ecs.FailAsync("StopServiceDeployment", new JsonObject { ["serviceDeploymentArn"] = deployment });
        Assert.Equal("ConflictException", again.ErrorCode);

        var revisions = await ecs.CallAsync("DescribeServiceRevisions", new JsonObject { ["serviceRevisionArns"] = new JsonArray(source, target) });
        Assert.Equal(
            [$"{scenario.Family}:1", $"{scenario.Family}:2"],
            revisions["serviceRevisions"]!.AsArray().Select(r => r!["taskDefinition"]!.GetValue<string>()[(r["taskDefinition"]!.GetValue<string>().LastIndexOf('/') + 1)..]));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_newer_update_stops_the_running_deployment_and_then_runs()
    {
        var scenario = new Scenario(ecs, "supersede");
        await scenario.StartAsync("v1", "v2", "v3");
        var paused = new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 0,
            ["lifecycleHooks"] = new JsonArray(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT") }),
        };
        var first = await scenario.UpdateAsync($"{scenario.Family}:2", paused);
        await ecs.WaitDeploymentAsync(first, d => Scenario.Stage(d) == "POST_TEST_TRAFFIC_SHIFT", TimeSpan.FromSeconds(60), "paused");

        var second = await scenario.UpdateAsync($"{scenario.Family}:3", new JsonObject { ["strategy"] = "BLUE_GREEN", ["lifecycleHooks"] = new JsonArray() });
        var stopped = await ecs.WaitDeploymentAsync(first, Scenario.IsFinished, TimeSpan.FromSeconds(60), "first finished");
        Assert.Equal("STOPPED", Scenario.Status(stopped));
        var done = await ecs.WaitDeploymentAsync(second, Scenario.IsFinished, TimeSpan.FromSeconds(60), "second finished");
        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.Equal("v3", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }
}
