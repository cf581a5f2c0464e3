using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>
/// ROLLING deployments driven by the aws CLI on a service behind a plain target group (no advancedConfiguration):
/// new tasks within maximumPercent (150), old ones drained while minimumHealthyPercent (100) stay healthy, both revisions serving
/// during the update, no request failing under load; new tasks that keep failing trip the circuit breaker.
/// </summary>
[Collection(LocalEcsCollection.Name)]
public sealed class RollingCliTests(LocalEcsFixture ecs, ITestOutputHelper log)
{
    private const string Rolling =
        """{"strategy":"ROLLING","minimumHealthyPercent":100,"maximumPercent":150,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}""";

    /// <summary>One task: 150 % rounds down to 1 task, so a single-task service needs 200 % to start its new task beside the old.</summary>
    private const string RollingOne =
        """{"strategy":"ROLLING","minimumHealthyPercent":100,"maximumPercent":200,"deploymentCircuitBreaker":{"enable":true,"rollback":true}}""";

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_rolling_update_replaces_the_tasks_within_the_percents_and_no_request_fails_under_load()
    {
        Assert.True(HeyReport.UnavailableReason is null, HeyReport.UnavailableReason);
        var (cli, cluster, port, family) = await CreateRollingServiceAsync("rolling", desired: 2, "v1", "v2");
        var production = new Uri($"http://127.0.0.1:{port}/");
        await using var sampler = new ProductionSampler(production);
        using var stopCounting = new CancellationTokenSource();
        var counting = MostTasksAsync(cluster, stopCounting.Token);

        // 20 workers x 15 requests/s = up to 300 requests/s for 27 s or more: longer than the update, which must end first
        var hey = Process.Start(new ProcessStartInfo("hey", ["-n", "8000", "-c", "20", "-q", "15", production.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = hey.StandardOutput.ReadToEndAsync();
        var updated = await cli.OkAsync("update-service", "--cluster", cluster, "--service", "web", "--task-definition", $"{family}:2", "--deployment-configuration", Rolling);
        var deployment = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
        var done = await WaitWithCliAsync(cli, deployment, Scenario.IsFinished, "finished");
        var heyStillRunning = !hey.HasExited;
        await stopCounting.CancelAsync();
        var most = await counting;
        await hey.WaitForExitAsync();
        var report = HeyReport.Parse(await output);
        log.WriteLine($"hey: {report.Statuses.GetValueOrDefault(200)} x 200 at {report.RequestsPerSecond:0} requests/s across a ROLLING deployment; at most {most} tasks ran");

        Assert.Equal("SUCCESSFUL", Scenario.Status(done));
        Assert.True(heyStillRunning, "hey ended before the rolling deployment did: the load did not cover it");
        Assert.True(hey.ExitCode == 0 && !report.HasErrors && report.Statuses.Keys.All(code => code == 200) && report.Statuses.GetValueOrDefault(200) == 8000, report.Text);
        Assert.Equal(3, most); // one new task beside the two old ones: maximumPercent 150 of 2 tasks

        var answers = sampler.Answers;
        Assert.All(answers, a => Assert.True(a is "v1" or "v2", $"production answered '{a}'"));
        var firstV2 = answers.ToList().IndexOf("v2");
        Assert.True(firstV2 >= 0 && answers.Skip(firstV2).Contains("v1"), "both revisions served production during the rolling update");
        Assert.Equal("v2", await Scenario.GetAsync(production));

        var service = (await cli.OkAsync("describe-services", "--cluster", cluster, "--services", "web"))["services"]![0]!;
        var deployments = service["deployments"]!.AsArray();
        Assert.Single(deployments);
        Assert.Equal("COMPLETED", deployments[0]!["rolloutState"]!.GetValue<string>());
        Assert.EndsWith($"task-definition/{family}:2", deployments[0]!["taskDefinition"]!.GetValue<string>(), StringComparison.Ordinal);
        var tasks = (await cli.OkAsync("list-tasks", "--cluster", cluster, "--service-name", "web"))["taskArns"]!.AsArray();
        Assert.Equal(2, tasks.Count);
        await cli.OkAsync("delete-service", "--cluster", cluster, "--service", "web", "--force");
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task New_tasks_that_keep_failing_trip_the_circuit_breaker_and_production_stays_on_the_old_revision()
    {
        var (cli, cluster, port, family) = await CreateRollingServiceAsync("rolling-cb", desired: 1, "v1");
        var broken = TaskDefinitions.Web(family, "v2");
        broken["containerDefinitions"]![0]!["command"] = new JsonArray("bash", "-c", "echo cannot start >&2; exit 3");
        await cli.OkAsync("register-task-definition", "--cli-input-json", broken.ToJsonString());
        var production = new Uri($"http://127.0.0.1:{port}/");
        await using var sampler = new ProductionSampler(production);

        var updated = await cli.OkAsync("update-service", "--cluster", cluster, "--service", "web", "--task-definition", $"{family}:2", "--deployment-configuration", RollingOne);
        var deployment = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
        var done = await WaitWithCliAsync(cli, deployment, Scenario.IsFinished, "finished");

        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        Assert.Contains("circuit breaker", done["statusReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("TRIGGERED", done["deploymentCircuitBreaker"]!["status"]!.GetValue<string>());
        Assert.True(done["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>() >= 2);
        Assert.Equal("v1", await Scenario.GetAsync(production));
        var answers = sampler.Answers;
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal("v1", a));
        await cli.OkAsync("delete-service", "--cluster", cluster, "--service", "web", "--force");
        ecs.AssertExchangesConform();
    }

    /// <summary>A cluster and a ROLLING service of <paramref name="desired"/> tasks behind a plain target group whose ARN ends with its loopback port.</summary>
    private async Task<(AwsCli Cli, string Cluster, int Port, string Family)> CreateRollingServiceAsync(string name, int desired, params string[] bodies)
    {
        var cli = ecs.Cli;
        var cluster = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        var port = LoopbackPorts.Free();
        foreach (var body in bodies)
        {
            await cli.OkAsync("register-task-definition", "--cli-input-json", TaskDefinitions.Web(cluster, body).ToJsonString());
        }

        await cli.OkAsync("create-cluster", "--cluster-name", cluster);
        var loadBalancers = new JsonArray(new JsonObject
        {
            ["targetGroupArn"] = $"arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/{port}",
            ["containerName"] = "app",
            ["containerPort"] = TaskDefinitions.ContainerPort,
        });
        var created = await cli.OkAsync(
            "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", $"{cluster}:1", "--desired-count", desired.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--load-balancers", loadBalancers.ToJsonString(), "--deployment-configuration", Rolling);
        var first = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        Assert.Equal("SUCCESSFUL", Scenario.Status(await WaitWithCliAsync(cli, first, Scenario.IsFinished, "finished")));
        Assert.Equal(bodies[0], await Scenario.GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        return (cli, cluster, port, cluster);
    }

    /// <summary>The most tasks of the cluster counted by maximumPercent (desired RUNNING, not yet stopped) at once, sampled until cancelled.</summary>
    private async Task<int> MostTasksAsync(string cluster, CancellationToken cancellationToken)
    {
        var most = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var arns = (await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = cluster }))["taskArns"]!.AsArray();
            if (arns.Count > 0)
            {
                var described = await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = cluster, ["tasks"] = arns.DeepClone() });
                most = Math.Max(most, described["tasks"]!.AsArray().Count(t => t!["desiredStatus"]!.GetValue<string>() == "RUNNING" && t["lastStatus"]!.GetValue<string>() != "STOPPED"));
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return most;
    }

    private static Task<JsonNode> WaitWithCliAsync(AwsCli cli, string deployment, Func<JsonNode, bool> condition, string what) => Poll.UntilAsync(
        async _ => (await cli.OkAsync("describe-service-deployments", "--service-deployment-arns", deployment))["serviceDeployments"]![0]!,
        condition,
        PollSchedule.Every(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(120)),
        $"deployment {deployment} to reach '{what}'",
        CancellationToken.None,
        last => last.ToJsonString());
}
