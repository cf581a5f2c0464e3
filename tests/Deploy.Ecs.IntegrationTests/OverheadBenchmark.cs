using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// Pipeline's own overhead on ECS (issue 22): a deploy by digest through Pipeline (with the production poll defaults,
/// its smoke tests and, for blue/green, its two PAUSE gates) against the same ECS deployment driven by the aws CLI —
/// register-task-definition of the same rendered task definition with the same image digest, update-service, then
/// describe-service-deployments until it ended — on the same service of the local ECS, alternating, for blue/green
/// and for rolling updates; beside each, how long ECS itself took (the deployment's createdAt to finishedAt), so what
/// each client adds around it shows. <c>PIPELINE_ECS_BENCH_RUNS</c> runs it (that many runs of each); the medians are printed.
/// </summary>
[Collection(EcsLocalCollection.Name)]
public sealed class OverheadBenchmark(EcsLocalFixture ecs, ITestOutputHelper output)
{
    private const string RunsVariable = "PIPELINE_ECS_BENCH_RUNS";

    [Benchmark(RunsVariable, Requirement.Docker, Requirement.Registry, Requirement.AwsCli)]
    public Task A_blue_green_through_pipeline_against_the_same_deployment_by_the_aws_cli() =>
        CompareAsync(rolling: false, """{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0,"lifecycleHooks":[],"alarms":{"alarmNames":[],"enable":false,"rollback":false}}""");

    [Benchmark(RunsVariable, Requirement.Docker, Requirement.Registry, Requirement.AwsCli)]
    public Task A_rolling_update_through_pipeline_against_the_same_deployment_by_the_aws_cli() =>
        CompareAsync(rolling: true, """{"strategy":"ROLLING","minimumHealthyPercent":100,"maximumPercent":200,"deploymentCircuitBreaker":{"enable":true,"rollback":true},"alarms":{"alarmNames":[],"enable":false,"rollback":false}}""");

    private async Task CompareAsync(bool rolling, string cliConfiguration)
    {
        var runs = BenchmarkAttribute.Runs(RunsVariable) ?? 1;
        var scenario = new Scenario(ecs, output, rolling ? "bench-rolling" : "bench-bg");
        await scenario.StartAsync(rolling);
        var cli = new AwsCli(ecs.Endpoint, "us-east-1", EcsLocalFixture.AccessKey, ecs.SecretKey) { Service = "ecs", MaxAttempts = 1 };
        var settings = scenario.Settings("v2") with
        {
            PollInterval = TimeSpan.FromSeconds(1),
            MaxPollInterval = TimeSpan.FromSeconds(2),
            Rolling = rolling ? new EcsRollingUpdate() : null,
        };
        var throughPipeline = new List<TimeSpan>();
        var byCli = new List<TimeSpan>();
        var ecsUnderPipeline = new List<TimeSpan>();
        var ecsUnderCli = new List<TimeSpan>();
        for (var run = 1; run <= runs; run++)
        {
            var body = $"p{run}";
            await using (var environment = scenario.Open(settings with { Variables = new Dictionary<string, string>(settings.Variables) { ["body"] = body } }))
            {
                var clock = Stopwatch.StartNew();
                var record = await environment.DeployAsync(scenario.Spec($"2.0.{run}"), CancellationToken.None);
                throughPipeline.Add(clock.Elapsed);
                Assert.True(record.Succeeded, record.RollbackReason?.Message);
            }

            ecsUnderPipeline.Add(await LatestDeploymentDurationAsync(scenario));

            Assert.Equal(body, await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
            var cliBody = $"c{run}";
            var cliClock = Stopwatch.StartNew();
            var registered = await cli.OkAsync("register-task-definition", "--cli-input-json", scenario.TaskDefinition(cliBody).ToJsonString());
            var updated = await cli.OkAsync(
                "update-service", "--cluster", scenario.Cluster, "--service", scenario.Service,
                "--task-definition", registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>(), "--deployment-configuration", cliConfiguration);
            var deployment = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
            var ended = await Poll.UntilAsync(
                async _ => (await cli.OkAsync("describe-service-deployments", "--service-deployment-arns", deployment))["serviceDeployments"]![0]!,
                d => d["status"]?.GetValue<string>() is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED",
                PollSchedule.Every(TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(3)),
                $"the CLI's deployment {deployment} to end",
                CancellationToken.None);
            byCli.Add(cliClock.Elapsed);
            Assert.Equal("SUCCESSFUL", ended["status"]!.GetValue<string>());
            ecsUnderCli.Add(await LatestDeploymentDurationAsync(scenario));
            Assert.Equal(cliBody, await Scenario.GetAsync(scenario.ProductionUrl, "/app"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: Pipeline {throughPipeline[^1].TotalSeconds:0.0} s (its ECS deployment {ecsUnderPipeline[^1].TotalSeconds:0.0} s), aws CLI {byCli[^1].TotalSeconds:0.0} s (its ECS deployment {ecsUnderCli[^1].TotalSeconds:0.0} s)"));
        }

        var (pipeline, alone) = (BenchmarkAttribute.Median(throughPipeline), BenchmarkAttribute.Median(byCli));
        var (ecsPipeline, ecsCli) = (BenchmarkAttribute.Median(ecsUnderPipeline), BenchmarkAttribute.Median(ecsUnderCli));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(rolling ? "rolling update" : "blue/green")} of one task on the local ECS, median of {runs}: through Pipeline {pipeline.TotalSeconds:0.0} s "
            + $"(its ECS deployment {ecsPipeline.TotalSeconds:0.0} s: {(pipeline - ecsPipeline).TotalSeconds:0.0} s around it), "
            + $"by the aws CLI {alone.TotalSeconds:0.0} s (its ECS deployment {ecsCli.TotalSeconds:0.0} s: {(alone - ecsCli).TotalSeconds:0.0} s around it); "
            + $"Pipeline minus the CLI {(pipeline - alone).TotalSeconds:0.0} s"));
        await scenario.DeleteAsync();
    }

    /// <summary>How long ECS took for the service's newest deployment: createdAt to finishedAt, as it reports them.</summary>
    private async Task<TimeSpan> LatestDeploymentDurationAsync(Scenario scenario)
    {
        using var client = ecs.Client();
        var newest = (await scenario.DeploymentsAsync()).OrderByDescending(d => d.CreatedAt).First();
        var described = (await client.DescribeServiceDeploymentsAsync(
            new Aws.Ecs.DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [newest.ServiceDeploymentArn!] }, CancellationToken.None)).ServiceDeployments[0];
        return described.FinishedAt!.Value - described.CreatedAt!.Value;
    }
}
