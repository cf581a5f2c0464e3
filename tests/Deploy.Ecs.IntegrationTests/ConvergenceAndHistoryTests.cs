using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Deploy.Managed;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>What ECS keeps when Pipeline is gone: hook timeouts, in-progress deployments, history and rollback from ECS alone.</summary>
[Collection(EcsLocalCollection.Name)]
public sealed class ConvergenceAndHistoryTests(EcsLocalFixture ecs, ITestOutputHelper output)
{
    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task A_deploy_process_that_dies_at_a_hook_is_rolled_back_by_the_hook_timeout_and_a_rerun_converges()
    {
        var scenario = new Scenario(ecs, output, "orphan");
        await scenario.StartAsync();
        var settings = scenario.Settings("v2") with { GateTimeout = TimeSpan.FromMinutes(1) };
        await using var environment = (EcsPlatformEnvironment)scenario.Open(settings);

        // What a killed deploy leaves behind: a deployment started with PAUSE hooks that nobody will ever answer.
        var platform = environment.Platform;
        await platform.ReconcileAsync(CancellationToken.None);
        var revision = await platform.PrepareAsync(new Release("2.0.0", ecs.Image), CancellationToken.None);
        var orphan = await platform.StartAsync(revision, new DeploymentPlan { GateTimeout = settings.GateTimeout }, CancellationToken.None);
        var busy = await Assert.ThrowsAsync<DeployException>(() => environment.DeployAsync(scenario.Spec("2.0.1"), CancellationToken.None));
        Assert.Contains($"has a deployment in progress ({orphan.Id})", busy.Message, StringComparison.Ordinal);

        using var client = ecs.Client();
        var ended = await Poll.UntilAsync(
            async ct => (await client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [orphan.Id] }, ct)).ServiceDeployments[0],
            d => d.Status is "ROLLBACK_SUCCESSFUL" or "SUCCESSFUL" or "ROLLBACK_FAILED" or "STOPPED",
            new PollSchedule(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)),
            "the orphaned deployment to end",
            CancellationToken.None);
        output.WriteLine($"orphan: {ended.Status}: {ended.StatusReason}");
        Assert.Equal("ROLLBACK_SUCCESSFUL", ended.Status);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));

        var rerun = await environment.DeployAsync(scenario.Spec("2.0.1"), CancellationToken.None);

        Assert.True(rerun.Succeeded, rerun.RollbackReason?.Message);
        Assert.Equal("v2", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Rollback_and_status_come_from_ECS_alone()
    {
        var scenario = new Scenario(ecs, output, "history");
        await scenario.StartAsync();
        await using (var first = scenario.Open(scenario.Settings("v2")))
        {
            Assert.True((await first.DeployAsync(scenario.Spec("2.0.0"), CancellationToken.None)).Succeeded);
        }

        // A fresh environment object, as on another CI runner: nothing carried over but what ECS knows.
        await using var environment = scenario.Open(scenario.Settings("v2"));
        var status = await environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains("(2.0.0)", status, StringComparison.Ordinal);

        var record = await environment.RollbackAsync(scenario.Spec("ignored"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(DeploymentKind.Rollback, record.Kind);
        Assert.Equal($"{scenario.Cluster}:1", record.Release.Version);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        Assert.Contains("2.0.0", record.PreviousVersion, StringComparison.Ordinal);
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Rollback_stops_a_deployment_in_progress_and_the_plan_shows_the_task_definition_diff()
    {
        var scenario = new Scenario(ecs, output, "stop");
        await scenario.StartAsync();
        await using var environment = (EcsPlatformEnvironment)scenario.Open(scenario.Settings("v2"));

        var plan = await environment.PlanAsync(scenario.Spec("2.0.0"), CancellationToken.None);
        output.WriteLine(plan);
        Assert.Contains("\"family\": \"" + scenario.Cluster + "\"", plan, StringComparison.Ordinal);
        var diff = plan.Split('\n').SkipWhile(l => !l.StartsWith("Difference from the running", StringComparison.Ordinal)).ToList();
        Assert.Contains(diff, l => l.StartsWith("- ", StringComparison.Ordinal) && l.EndsWith("\"value\": \"v1\"", StringComparison.Ordinal));
        Assert.Contains(diff, l => l.StartsWith("+ ", StringComparison.Ordinal) && l.EndsWith("\"value\": \"v2\"", StringComparison.Ordinal));
        Assert.Contains("IO::Socket::INET; $SIG{CHLD}='IGNORE'", plan, StringComparison.Ordinal);

        var platform = environment.Platform;
        await platform.ReconcileAsync(CancellationToken.None);
        var revision = await platform.PrepareAsync(new Release("2.0.0", ecs.Image), CancellationToken.None);
        var started = await platform.StartAsync(revision, new DeploymentPlan { GateTimeout = TimeSpan.FromMinutes(10) }, CancellationToken.None);

        var record = await environment.RollbackAsync(scenario.Spec("ignored"), CancellationToken.None);

        output.WriteLine(DeploymentReport.ToText(record));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(DeploymentKind.Rollback, record.Kind);
        Assert.Equal($"{scenario.Cluster}:1", record.Release.Version);
        var stopped = (await scenario.DeploymentsAsync()).Single(d => d.ServiceDeploymentArn == started.Id);
        Assert.Equal("ROLLBACK_SUCCESSFUL", stopped.Status);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
        ecs.RequestsSinceLastCheck();
        await scenario.DeleteAsync();
    }
}
