using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// Pipeline's ECS platform end to end against the local ECS: the pushed digest deployed with each strategy, gated by
/// smoke tests at the test listener and production, and every way a release fails ending as a failed release.
/// </summary>
[Collection(EcsLocalCollection.Name)]
public sealed class DeployOnLocalEcsTests(EcsLocalFixture ecs, ITestOutputHelper output)
{
    public static TheoryData<string> Shifts => new() { "all-at-once", "linear:34:1m", "canary:10:1m" };

    [TheoryRequiring(Requirement.Docker, Requirement.Registry)]
    [MemberData(nameof(Shifts))]
    public async Task The_pushed_digest_deploys_with_each_strategy_under_load_without_a_failed_request(string shift)
    {
        var scenario = new Scenario(ecs, output, shift.Split(':')[0]);
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2") with { MigrationsCommand = ["bash", "-c", "echo migrated"] });
        ecs.RequestsSinceLastCheck();

        DeploymentRecord record;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 4))
        {
            record = await environment.DeployAsync(scenario.Spec("2.0.0", TrafficShift.Parse(shift), bake: TimeSpan.FromMinutes(1)), CancellationToken.None);
            output.WriteLine($"load: {load.Total} requests, {load.Failed} failed ({string.Join(", ", load.Failures.Select(f => $"{f.Key} x{f.Value}"))})");
            Assert.Equal(0, load.Failed);
            Assert.True(load.Total > 0);
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Equal(["test", "production"], record.SmokeTests.Select(s => s.Target).Distinct());
        Assert.All(record.SmokeTests, s => Assert.True(s.Passed));
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.PostTestTrafficShift && s.Outcome == StageOutcome.Succeeded);
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.BakeTime);
        var (stage, weight) = shift.StartsWith("linear", StringComparison.Ordinal) ? (DeploymentStage.ProductionTrafficShift, "production 34 %")
            : shift.StartsWith("canary", StringComparison.Ordinal) ? (DeploymentStage.ProductionTrafficShift, "production 10 %")
            : (DeploymentStage.PostProductionTrafficShift, "production 100 %");
        Assert.Contains(record.Stages, s => s.Stage == stage && s.Message!.Contains(weight, StringComparison.Ordinal));
        Assert.Equal($"{scenario.Cluster}:1", record.PreviousVersion);
        var requests = ecs.RequestsSinceLastCheck();
        Assert.True(requests.IndexOf("RunTask") < requests.IndexOf("UpdateService"), string.Join(", ", requests));
        Assert.Equal(2, requests.Count(r => r == "ContinueServiceDeployment"));
        var latest = (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First();
        Assert.Equal("SUCCESSFUL", latest.Status);

        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains("2.0.0", status, StringComparison.Ordinal);
        Assert.Contains("SUCCESSFUL", status, StringComparison.Ordinal);
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_failing_smoke_test_at_the_test_listener_rolls_back_before_production_sees_the_new_revision()
    {
        var scenario = new Scenario(ecs, output, "smoke");
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2", status: 500));

        DeploymentRecord record;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 2))
        {
            record = await environment.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None);
            Assert.Equal(0, load.Failed);
            Assert.DoesNotContain(load.Bodies.Keys, b => b.Contains("v2", StringComparison.Ordinal));
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.SmokeTestFailed, record.RollbackReason!.Trigger);
        Assert.Contains($"against test ({scenario.TestUrl})", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(record.SmokeTests, s => s.Target == "production");
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First().Status);
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_revision_that_never_becomes_healthy_is_a_failed_release_naming_the_reason()
    {
        var scenario = new Scenario(ecs, output, "unhealthy");
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2", healthy: false));

        var record = await environment.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.StartsWith("2.0.0 never became healthy: ", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Empty(record.SmokeTests);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_breached_alarm_is_a_failed_release_naming_the_alarm()
    {
        var scenario = new Scenario(ecs, output, "alarm");
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2", status: 500) with { Alarms = [EcsLocalFixture.AlarmName], BakeAlarms = false });
        var smoke = new SmokeTests().Http("root", "/", c => c.ExpectStatus(200));

        DeploymentRecord record;
        await using (new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 2))
        {
            record = await environment.DeployAsync(scenario.Spec("2.0.0", smoke: smoke, bake: TimeSpan.FromMinutes(2)), CancellationToken.None);
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Alarm, record.RollbackReason!.Trigger);
        Assert.Contains(EcsLocalFixture.AlarmName, record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_failing_migrations_task_stops_the_deploy_before_UpdateService_with_the_tools_error_from_its_log()
    {
        var scenario = new Scenario(ecs, output, "migrations");
        await scenario.StartAsync();
        string[] migrations = ["bash", "-c", "echo 'migrating 0002'; echo 'ERROR: relation \"jobs\" already exists' >&2; exit 3"];
        await using var environment = scenario.Open(scenario.Settings("v2") with { MigrationsCommand = migrations });
        ecs.RequestsSinceLastCheck();

        var record = await environment.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.Failed, record.Outcome);
        Assert.StartsWith("migrations failed, the service was not updated: the migrations task ", record.RollbackReason!.Message, StringComparison.Ordinal);
        Assert.Contains($"of service '{scenario.Service}' in environment 'rehearsal' exited with code 3", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains("its output is not in CloudWatch Logs: give container 'app' an awslogs logConfiguration", record.RollbackReason.Message, StringComparison.Ordinal);
        var requests = ecs.RequestsSinceLastCheck();
        Assert.Contains("RunTask", requests);
        Assert.DoesNotContain("UpdateService", requests);

        // The same task definition logging through awslogs: the tool's own error, read from the task's log stream.
        await using var logged = scenario.Open(scenario.Settings("v2") with { MigrationsCommand = migrations, TaskDefinitionFile = WithAwsLogs(Scenario.TaskDefinitionFile) });
        var failed = await logged.DeployAsync(scenario.Spec("2.0.1"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(failed));
        Assert.Equal(DeploymentOutcome.Failed, failed.Outcome);
        Assert.Matches(
            $"exited with code 3: ERROR: relation \"jobs\" already exists; fix the migrations and deploy again \\(its log: aws logs get-log-events --log-group-name /ecs/{System.Text.RegularExpressions.Regex.Escape(scenario.Cluster)} --log-stream-name migrations/app/[0-9a-f]+\\)$",
            failed.RollbackReason!.Message);
        Assert.DoesNotContain("\n", failed.RollbackReason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UpdateService", ecs.RequestsSinceLastCheck());
        Assert.Single(await scenario.DeploymentsAsync());
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        await scenario.DeleteAsync();
    }

    /// <summary>A copy of a task definition file whose container logs through awslogs (group created on first use), beside it.</summary>
    private static string WithAwsLogs(string file)
    {
        var definition = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)))!;
        definition["containerDefinitions"]![0]!["logConfiguration"] = new System.Text.Json.Nodes.JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new System.Text.Json.Nodes.JsonObject
            {
                ["awslogs-group"] = "/ecs/{{ family }}",
                ["awslogs-region"] = "us-east-1",
                ["awslogs-stream-prefix"] = "migrations",
                ["awslogs-create-group"] = "true",
            },
        };
        var copy = Path.ChangeExtension(file, ".awslogs.json");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, copy), definition.ToJsonString());
        return copy;
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Ctrl_C_while_the_migrations_task_runs_stops_it_and_waits_until_it_is_STOPPED()
    {
        var scenario = new Scenario(ecs, output, "stoptask");
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2") with { MigrationsCommand = ["bash", "-c", "echo migrating; sleep 600"] });
        ecs.RequestsSinceLastCheck();
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(8));

        var record = await environment.DeployAsync(scenario.Spec("2.0.0"), ctrlC.Token);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.False(record.Succeeded);
        Assert.Equal(RollbackTrigger.Cancelled, record.RollbackReason!.Trigger);
        Assert.Equal("cancelled while the migrations ran; the service was not updated", record.RollbackReason.Message);
        var requests = ecs.RequestsSinceLastCheck();
        Assert.Contains("StopTask", requests);
        Assert.DoesNotContain("UpdateService", requests);
        Assert.Equal("DescribeTasks", requests[^1]); // it waited for STOPPED after StopTask
        var stopTask = File.ReadLines(ecs.ExchangeLog).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).Last(e => (string?)e["operation"] == "StopTask");
        using var client = ecs.Client();
        var task = (await client.DescribeTasksAsync(new Aws.Ecs.DescribeTasksRequest { Cluster = scenario.Cluster, Tasks = [(string)stopTask["request"]!["task"]!] }, CancellationToken.None)).Tasks.Single();
        Assert.Equal("STOPPED", task.LastStatus);
        Assert.Equal("UserInitiated", task.StopCode);
        Assert.Equal("Pipeline: the deploy was cancelled", task.StoppedReason);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Ctrl_C_while_ECS_waits_at_a_hook_rolls_back_and_waits_for_it()
    {
        var scenario = new Scenario(ecs, output, "cancel");
        await scenario.StartAsync();
        await using var environment = scenario.Open(scenario.Settings("v2"));
        using var ctrlC = new CancellationTokenSource();
        var smoke = new SmokeTests().Check("operator presses Ctrl-C", async (_, ct) =>
        {
            await ctrlC.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        });

        var record = await environment.DeployAsync(scenario.Spec("2.0.0", smoke: smoke), ctrlC.Token);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Cancelled, record.RollbackReason!.Trigger);
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First().Status);
        Assert.Contains("ContinueServiceDeployment", ecs.RequestsSinceLastCheck());
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        await scenario.DeleteAsync();
    }
}
