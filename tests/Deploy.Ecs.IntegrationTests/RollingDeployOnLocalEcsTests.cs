using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// Pipeline's ECS platform with rolling updates (<see cref="EcsPlatformSettings.Rolling"/>) against the local ECS: the
/// update under load without a failed request, smoke tests against production once ECS finished, a failing smoke
/// test updating the service back to the previous task definition, the circuit breaker, and Status saying what happened.
/// </summary>
[Collection(EcsLocalCollection.Name)]
public sealed class RollingDeployOnLocalEcsTests(EcsLocalFixture ecs, ITestOutputHelper output)
{
    private static readonly EcsRollingUpdate Rolling = new() { MinimumHealthyPercent = 100, MaximumPercent = 150 };

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_rolling_update_deploys_the_pushed_digest_under_load_without_a_failed_request_then_smoke_tests_production()
    {
        var scenario = new Scenario(ecs, output, "rolling");
        await scenario.StartAsync(rolling: true, desired: 2);
        await using var environment = scenario.Open(scenario.Settings("v2") with { Rolling = Rolling, MigrationsCommand = ["bash", "-c", "echo migrated"] });
        ecs.RequestsSinceLastCheck();

        DeploymentRecord record;
        await using (var load = new LoadGenerator(scenario.ProductionUrl, "/app", concurrency: 4))
        {
            record = await environment.DeployAsync(scenario.Spec("2.0.0", bake: TimeSpan.FromMinutes(1)), CancellationToken.None);
            output.WriteLine($"load: {load.Total} requests, {load.Failed} failed ({string.Join(", ", load.Failures.Select(f => $"{f.Key} x{f.Value}"))})");
            Assert.Equal(0, load.Failed);
            Assert.True(load.Total > 0);
            Assert.Contains(load.Bodies.Keys, b => b.Contains("v1", StringComparison.Ordinal));
            Assert.Contains(load.Bodies.Keys, b => b.Contains("v2", StringComparison.Ordinal));
        }

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Equal(["production"], record.SmokeTests.Select(s => s.Target).Distinct());
        Assert.All(record.SmokeTests, s => Assert.True(s.Passed));
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.PostProductionTrafficShift && s.Outcome == StageOutcome.Succeeded);
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.BakeTime);
        Assert.DoesNotContain(record.Stages, s => s.Stage == DeploymentStage.PostTestTrafficShift);
        var requests = ecs.RequestsSinceLastCheck();
        Assert.True(requests.IndexOf("RunTask") < requests.IndexOf("UpdateService"), string.Join(", ", requests));
        Assert.Equal(1, requests.Count(r => r == "UpdateService"));
        Assert.DoesNotContain("ContinueServiceDeployment", requests);

        using var client = ecs.Client();
        var service = (await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = scenario.Cluster, Services = [scenario.Service] }, CancellationToken.None)).Services[0];
        Assert.Equal(EcsValues.Strategy.Rolling, service.DeploymentConfiguration!.Strategy);
        Assert.Equal((100, 150), (service.DeploymentConfiguration.MinimumHealthyPercent, service.DeploymentConfiguration.MaximumPercent));
        Assert.True(service.DeploymentConfiguration.DeploymentCircuitBreaker is { Enable: true, Rollback: true });
        Assert.Equal(2, service.RunningCount);

        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Matches(@"2\.0\.0\s+SUCCESSFUL", status);
        Assert.DoesNotContain("rolled back", status, StringComparison.Ordinal);
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_failing_smoke_test_after_a_rolling_update_updates_the_service_back_and_Status_says_so()
    {
        var scenario = new Scenario(ecs, output, "rolling-smoke");
        await scenario.StartAsync(rolling: true);
        await using var environment = scenario.Open(scenario.Settings("v2", status: 500) with { Rolling = Rolling with { MaximumPercent = 200 } });
        ecs.RequestsSinceLastCheck();

        var record = await environment.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.SmokeTestFailed, record.RollbackReason!.Trigger);
        Assert.Contains($"against production ({scenario.ProductionUrl})", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains(record.Stages, s => s.Stage == DeploymentStage.Rollback && s.Outcome == StageOutcome.Succeeded);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        var requests = ecs.RequestsSinceLastCheck();
        Assert.Equal(2, requests.Count(r => r == "UpdateService")); // the update, then the update back
        Assert.DoesNotContain("StopServiceDeployment", requests);

        using var client = ecs.Client();
        var service = (await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = scenario.Cluster, Services = [scenario.Service] }, CancellationToken.None)).Services[0];
        Assert.EndsWith($"task-definition/{scenario.Cluster}:1", service.TaskDefinition, StringComparison.Ordinal);
        var history = (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).Select(d => d.Status).ToList();
        Assert.Equal(["SUCCESSFUL", "SUCCESSFUL", "SUCCESSFUL"], history); // back to v1, 2.0.0 (ECS finished it), the first

        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Matches($@"2\.0\.0\s+SUCCESSFUL, then rolled back to {scenario.Cluster}:1", status);
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_rolling_update_stopped_while_baking_does_not_update_back_over_a_newer_deployment()
    {
        var scenario = new Scenario(ecs, output, "rolling-newer");
        await scenario.StartAsync(rolling: true);
        await using var environment = scenario.Open(scenario.Settings("v2") with { Rolling = Rolling with { MaximumPercent = 200 } });
        using var stop = new CancellationTokenSource();
        var deploy = environment.DeployAsync(scenario.Spec("2.0.0", bake: TimeSpan.FromMinutes(5)), stop.Token);
        await Poll.UntilAsync(
            async _ => (await scenario.DeploymentsAsync()).Where(d => d.Status == "SUCCESSFUL").Count(),
            successful => successful == 2 || deploy.IsCompleted,
            PollSchedule.Every(TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2)),
            "the rolling update of 2.0.0 to finish in ECS",
            CancellationToken.None);
        Assert.False(deploy.IsCompleted, "the deploy ended before its bake");

        // Another deploy (here: someone's UpdateService) puts the first task definition back while 2.0.0 bakes.
        using var client = ecs.Client();
        var newer = (await client.UpdateServiceAsync(
            new UpdateServiceRequest { Cluster = scenario.Cluster, Service = scenario.Service, TaskDefinition = $"{scenario.Cluster}:1" },
            CancellationToken.None)).Service!.CurrentServiceDeployment!;
        ecs.RequestsSinceLastCheck();
        await stop.CancelAsync();
        var record = await deploy;

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.Failed, record.Outcome);
        Assert.Contains($"not rolled back: service deployment {newer}", record.RollbackReason!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UpdateService", ecs.RequestsSinceLastCheck());
        var service = (await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = scenario.Cluster, Services = [scenario.Service] }, CancellationToken.None)).Services[0];
        Assert.Equal(newer, service.CurrentServiceDeployment);
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task New_tasks_that_never_become_healthy_trip_the_circuit_breaker_and_the_release_fails()
    {
        var scenario = new Scenario(ecs, output, "rolling-cb");
        await scenario.StartAsync(rolling: true);
        await using var environment = scenario.Open(scenario.Settings("v2", healthy: false) with { Rolling = Rolling with { MaximumPercent = 200 } });

        var record = await environment.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Contains("circuit breaker", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Empty(record.SmokeTests);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Equal("ROLLBACK_SUCCESSFUL", (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First().Status);
        await scenario.DeleteAsync();
    }
}
