using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>LINEAR and CANARY traffic steps, and the ways a deployment rolls back: hook timeout, tasks never healthy, alarm.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class DeploymentStrategyTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task Linear_pauses_before_every_step_with_a_new_hook_id_and_splits_production_at_the_intermediate_weight()
    {
        var scenario = new Scenario(ecs, "linear");
        await scenario.StartAsync("v1", "v2");
        var deployment = await scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
        {
            ["strategy"] = "LINEAR",
            ["bakeTimeInMinutes"] = 0,
            ["linearConfiguration"] = new JsonObject { ["stepPercent"] = 50.0, ["stepBakeTimeInMinutes"] = 0 },
            ["lifecycleHooks"] = PauseAt("PRE_PRODUCTION_TRAFFIC_SHIFT"),
        });

        var weights = new List<double>();
        var hookIds = new List<string>();
        for (var step = 0; step < 2; step++)
        {
            var paused = await ecs.WaitDeploymentAsync(deployment, d => Awaiting(d) is not null && !hookIds.Contains(Awaiting(d)!), TimeSpan.FromSeconds(60), $"pause {step + 1}");
            hookIds.Add(Awaiting(paused)!);
            weights.Add(Scenario.Weight(paused, "requestedProductionTrafficWeight"));
            if (step == 1)
            {
                Assert.Equal(50, paused["sourceServiceRevisions"]![0]!["requestedProductionTrafficWeight"]!.GetValue<double>());
                var bodies = await SampleAsync(scenario.ProductionUrl, 20);
                Assert.Contains("v1", bodies);
                Assert.Contains("v2", bodies);
            }

            await ecs.CallAsync("ContinueServiceDeployment", new JsonObject { ["serviceDeploymentArn"] = deployment, ["hookId"] = hookIds[^1] });
        }

        var done = await ecs.WaitDeploymentAsync(deployment, Scenario.IsFinished, TimeSpan.FromSeconds(60), "finished");
        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.Equal([0, 50], weights);
        Assert.Equal(2, hookIds.Distinct().Count());
        Assert.Equal(100, Scenario.Weight(done, "requestedProductionTrafficWeight"));
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Canary_shifts_the_canary_percent_first_then_everything()
    {
        var scenario = new Scenario(ecs, "canary");
        await scenario.StartAsync("v1", "v2");
        var deployment = await scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
        {
            ["strategy"] = "CANARY",
            ["bakeTimeInMinutes"] = 0,
            ["canaryConfiguration"] = new JsonObject { ["canaryPercent"] = 20.0, ["canaryBakeTimeInMinutes"] = 4 },
        });

        var canary = await ecs.WaitDeploymentAsync(deployment, d => Scenario.Weight(d, "requestedProductionTrafficWeight") is > 0 and < 100, TimeSpan.FromSeconds(60), "the canary step");
        Assert.Equal(20, Scenario.Weight(canary, "requestedProductionTrafficWeight"));
        Assert.Equal("PRODUCTION_TRAFFIC_SHIFT", Scenario.Stage(canary));
        var bodies = await SampleAsync(scenario.ProductionUrl, 100);
        Assert.InRange(bodies.Count(b => b == "v2"), 1, 40);
        Assert.InRange(bodies.Count(b => b == "v1"), 60, 99);

        var done = await ecs.WaitDeploymentAsync(deployment, Scenario.IsFinished, TimeSpan.FromSeconds(60), "finished");
        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_hook_that_times_out_with_action_rollback_rolls_back()
    {
        var scenario = new Scenario(ecs, "hook-timeout");
        await scenario.StartAsync("v1", "v2");
        var hooks = PauseAt("POST_SCALE_UP");
        hooks[0]!["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 2, ["action"] = "ROLLBACK" };
        var deployment = await scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 0,
            ["lifecycleHooks"] = hooks,
        });

        var done = await ecs.WaitDeploymentAsync(deployment, d => Scenario.Status(d) is "ROLLBACK_SUCCESSFUL" or "SUCCESSFUL", TimeSpan.FromSeconds(60), "finished");
        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        Assert.Equal("TIMED_OUT", done["lifecycleHookDetails"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("timed out", done["rollback"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_revision_whose_tasks_never_become_healthy_rolls_back_with_the_reason()
    {
        var scenario = new Scenario(ecs, "never-healthy");
        await scenario.StartAsync("v1");
        var sick = await scenario.RegisterAsync(TaskDefinitions.Web(scenario.Family, "v2", healthy: false));
        var deployment = await scenario.UpdateAsync(sick, new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 0 });

        var done = await ecs.WaitDeploymentAsync(deployment, d => Scenario.Status(d) is "ROLLBACK_SUCCESSFUL" or "SUCCESSFUL", TimeSpan.FromSeconds(90), "finished");
        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        var reason = done["rollback"]!["reason"]!.GetValue<string>();
        Assert.Contains("failed to become healthy", reason, StringComparison.Ordinal);
        Assert.Contains("health checks", reason, StringComparison.Ordinal);
        Assert.Equal(reason, done["statusReason"]!.GetValue<string>());
        Assert.True(done["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>() >= 2);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl));

        var stopped = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["desiredStatus"] = "STOPPED" });
        var tasks = await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = scenario.Cluster, ["tasks"] = stopped["taskArns"]!.DeepClone() });
        Assert.Contains(tasks["tasks"]!.AsArray(), t => t!["stoppedReason"]!.GetValue<string>() == "Task failed container health checks"
            && t["stopCode"]!.GetValue<string>() == "ServiceSchedulerInitiated" && t["lastStatus"]!.GetValue<string>() == "STOPPED");
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task An_alarm_breached_during_bake_rolls_back_and_is_named()
    {
        var scenario = new Scenario(ecs, "alarm");
        await scenario.StartAsync("v1");
        var failing = await scenario.RegisterAsync(TaskDefinitions.Web(scenario.Family, "v2", status: 500));
        var deployment = await scenario.UpdateAsync(failing, new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 60,
            ["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray(LocalEcsFixture.AlarmName, "undefined-alarm"), ["enable"] = true, ["rollback"] = true },
        });

        await ecs.WaitDeploymentAsync(deployment, d => Scenario.Stage(d) == "BAKE_TIME", TimeSpan.FromSeconds(60), "BAKE_TIME");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var app = new Uri(scenario.ProductionUrl, "/app");
        JsonObject done;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            for (var i = 0; i < 10; i++)
            {
                using var _ = await http.GetAsync(app);
            }

            var described = await ecs.CallAsync("DescribeServiceDeployments", new JsonObject { ["serviceDeploymentArns"] = new JsonArray(deployment) });
            done = described["serviceDeployments"]![0]!.AsObject();
            if (Scenario.Status(done) is "ROLLBACK_SUCCESSFUL" or "SUCCESSFUL" || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        Assert.Equal("TRIGGERED", done["alarms"]!["status"]!.GetValue<string>());
        Assert.Equal([LocalEcsFixture.AlarmName], done["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(LocalEcsFixture.AlarmName, done["rollback"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl));
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    private static JsonArray PauseAt(string stage) =>
        new(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray(stage) });

    private static string? Awaiting(JsonNode deployment) =>
        deployment["lifecycleHookDetails"]?.AsArray().FirstOrDefault(h => h?["status"]?.GetValue<string>() == "AWAITING_ACTION")?["hookId"]?.GetValue<string>();

    private static async Task<List<string>> SampleAsync(Uri url, int count)
    {
        var bodies = new List<string>();
        for (var i = 0; i < count; i++)
        {
            bodies.Add(await Scenario.GetAsync(url));
        }

        return bodies;
    }
}
