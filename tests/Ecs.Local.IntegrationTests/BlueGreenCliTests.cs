using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>
/// The acceptance path, driven by the aws CLI (an independent client): a BLUE_GREEN deployment with a PAUSE hook at
/// POST_TEST_TRAFFIC_SHIFT, test traffic on the new revision while production stays on the old, then CONTINUE or ROLLBACK.
/// </summary>
[Collection(LocalEcsCollection.Name)]
public sealed class BlueGreenCliTests(LocalEcsFixture ecs)
{
    private const string PausedBlueGreen =
        """{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"],"timeoutConfiguration":{"timeoutInMinutes":60,"action":"ROLLBACK"}}]}""";

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Continue_at_the_pause_hook_ends_successful_with_production_on_the_new_revision()
    {
        var (cli, cluster, ports, family) = await CreateServiceWithCliAsync("bg-continue");
        await using var production = new ProductionSampler(Prod(ports));

        var deployment = await UpdateWithCliAsync(cli, cluster, family);
        var paused = await WaitWithCliAsync(cli, deployment, d => Awaiting(d) is not null, "a PAUSE hook AWAITING_ACTION");
        Assert.Equal("IN_PROGRESS", paused["status"]!.GetValue<string>());
        Assert.Equal("POST_TEST_TRAFFIC_SHIFT", paused["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(100, Scenario.Weight(paused, "requestedTestTrafficWeight"));
        Assert.Equal(0, Scenario.Weight(paused, "requestedProductionTrafficWeight"));
        var hook = Awaiting(paused)!;
        Assert.Equal("ROLLBACK", hook["timeoutAction"]!.GetValue<string>());
        Assert.True(hook["expiresAt"]!.GetValue<double>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal("v2", await Scenario.GetAsync(Test(ports)));
        Assert.Equal("v1", await Scenario.GetAsync(Prod(ports)));

        var stale = await cli.RunAsync("continue-service-deployment", "--service-deployment-arn", deployment, "--hook-id", "0123456789abcdef0123456789abcdef");
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("InvalidParameterException", stale.Error, StringComparison.Ordinal);

        await cli.OkAsync("continue-service-deployment", "--service-deployment-arn", deployment, "--hook-id", hook["hookId"]!.GetValue<string>());
        var done = await WaitWithCliAsync(cli, deployment, d => Scenario.Status(d) is "SUCCESSFUL" or "ROLLBACK_SUCCESSFUL" or "STOPPED", "finished");
        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.Equal("v2", await Scenario.GetAsync(Prod(ports)));

        var service = (await cli.OkAsync("describe-services", "--cluster", cluster, "--services", "web"))["services"]![0]!;
        Assert.EndsWith($"task-definition/{family}:2", service["taskDefinition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(deployment, service["currentServiceDeployment"]!.GetValue<string>());
        var history = (await cli.OkAsync("list-service-deployments", "--cluster", cluster, "--service", "web"))["serviceDeployments"]!.AsArray();
        Assert.Equal(["SUCCESSFUL", "SUCCESSFUL"], history.Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal(deployment, history[0]!["serviceDeploymentArn"]!.GetValue<string>());

        var answers = production.Answers;
        Assert.DoesNotContain(answers, a => a is not ("v1" or "v2"));
        Assert.Equal("v2", answers[^1]);
        Assert.DoesNotContain("v1", answers.SkipWhile(a => a == "v1"));
        await cli.OkAsync("delete-service", "--cluster", cluster, "--service", "web", "--force");
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Rollback_at_the_pause_hook_ends_rollback_successful_and_production_never_leaves_the_old_revision()
    {

        // set up with Pipeline's client (the first test does it with the CLI); the deployment itself is the CLI's
        var scenario = new Scenario(ecs, "bg-rollback");
        await scenario.StartAsync("v1", "v2");
        var (cli, cluster, ports, family) = (ecs.Cli, scenario.Cluster, scenario.Ports, scenario.Family);
        await using var production = new ProductionSampler(Prod(ports));

        var deployment = await UpdateWithCliAsync(cli, cluster, family);
        var paused = await WaitWithCliAsync(cli, deployment, d => Awaiting(d) is not null, "a PAUSE hook AWAITING_ACTION");
        Assert.Equal("v2", await Scenario.GetAsync(Test(ports)));
        await cli.OkAsync(
            "continue-service-deployment", "--service-deployment-arn", deployment, "--hook-id", Awaiting(paused)!["hookId"]!.GetValue<string>(), "--action", "ROLLBACK");

        var done = await WaitWithCliAsync(cli, deployment, d => Scenario.Status(d) is "SUCCESSFUL" or "ROLLBACK_SUCCESSFUL" or "STOPPED" or "ROLLBACK_FAILED", "finished");
        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        var rollback = done["rollback"]!;
        Assert.Contains("ROLLBACK", rollback["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>(), rollback["serviceRevisionArn"]!.GetValue<string>());
        Assert.NotNull(rollback["startedAt"]);
        Assert.Equal("v1", await Scenario.GetAsync(Prod(ports)));
        Assert.Equal("v1", await Scenario.GetAsync(Test(ports)));

        var service = (await cli.OkAsync("describe-services", "--cluster", cluster, "--services", "web"))["services"]![0]!;
        Assert.EndsWith($"task-definition/{family}:1", service["taskDefinition"]!.GetValue<string>(), StringComparison.Ordinal);
        var tasks = (await cli.OkAsync("list-tasks", "--cluster", cluster, "--service-name", "web"))["taskArns"]!.AsArray();
        Assert.Single(tasks);

        var answers = production.Answers;
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal("v1", a));
        await cli.OkAsync("delete-service", "--cluster", cluster, "--service", "web", "--force");
        ecs.AssertExchangesConform();
    }

    private static JsonNode? Awaiting(JsonNode deployment) =>
        deployment["lifecycleHookDetails"]?.AsArray().FirstOrDefault(h => h?["status"]?.GetValue<string>() == "AWAITING_ACTION");

    private static Uri Prod((int Production, int Test) ports) => new($"http://127.0.0.1:{ports.Production}/");

    private static Uri Test((int Production, int Test) ports) => new($"http://127.0.0.1:{ports.Test}/");

    private async Task<(AwsCli Cli, string Cluster, (int Production, int Test) Ports, string Family)> CreateServiceWithCliAsync(string name)
    {
        var cli = ecs.Cli;
        var cluster = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        var family = cluster;
        var (publicPort, testPort) = LoopbackPorts.FreePair();
        var ports = (Production: publicPort, Test: testPort);
        foreach (var body in new[] { "v1", "v2" })
        {
            await cli.OkAsync("register-task-definition", "--cli-input-json", TaskDefinitions.Web(family, body).ToJsonString());
        }

        await cli.OkAsync("create-cluster", "--cluster-name", cluster);
        var created = await cli.OkAsync(
            "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", $"{family}:1", "--desired-count", "1",
            "--load-balancers", TaskDefinitions.LoadBalancers(ports.Production, ports.Test).ToJsonString(),
            "--deployment-configuration", """{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0}""");
        var first = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await WaitWithCliAsync(cli, first, d => Scenario.Status(d) == "SUCCESSFUL", "SUCCESSFUL");
        Assert.Equal("v1", await Scenario.GetAsync(Prod(ports)));
        return (cli, cluster, ports, family);
    }

    private static async Task<string> UpdateWithCliAsync(AwsCli cli, string cluster, string family)
    {
        var updated = await cli.OkAsync(
            "update-service", "--cluster", cluster, "--service", "web", "--task-definition", $"{family}:2", "--deployment-configuration", PausedBlueGreen);
        return updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
    }

    private static Task<JsonNode> WaitWithCliAsync(AwsCli cli, string deployment, Func<JsonNode, bool> condition, string what) => Poll.UntilAsync(
        async _ => (await cli.OkAsync("describe-service-deployments", "--service-deployment-arns", deployment))["serviceDeployments"]![0]!,
        condition,
        PollSchedule.Every(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(90)),
        $"deployment {deployment} to reach '{what}'",
        CancellationToken.None,
        last => last.ToJsonString());
}
