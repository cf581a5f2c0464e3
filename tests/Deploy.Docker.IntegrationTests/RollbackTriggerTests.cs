using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>
/// Every rollback trigger on the Docker platform, against one environment serving 1.0.0: each bad release must roll
/// back, leave production on 1.0.0 and leave no container of its own behind.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class RollbackTriggerTests(SampleImage image, ITestOutputHelper output)
{
    [DockerFact]
    public async Task Never_healthy_rolls_back()
    {
        var env = await image.DeployedAsync();
        var request = env.Request("1.1.0-unhealthy", ("SAMPLE_FAULT", "unhealthy")) with { HealthTimeout = TimeSpan.FromSeconds(4) };
        var record = await DeployAsync(env, request);
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Contains("was not ready within 4s", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains("SAMPLE_FAULT=unhealthy", record.RollbackReason.Message, StringComparison.Ordinal);
        await AssertBackOnFirstAsync(env);
    }

    [DockerFact]
    public async Task A_container_that_exits_at_start_rolls_back_with_its_logs_in_the_reason()
    {
        var env = await image.DeployedAsync();
        var record = await DeployAsync(env, env.Request("1.1.0-crash", ("SAMPLE_FAULT", "crash")));
        Assert.Equal(RollbackTrigger.NeverHealthy, record.RollbackReason!.Trigger);
        Assert.Contains("exited with code 1 before it was ready", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Contains("crashing at startup because SAMPLE_FAULT=crash", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', record.RollbackReason.Message);
        await AssertBackOnFirstAsync(env);
    }

    [DockerFact]
    public async Task A_failed_smoke_test_rolls_back()
    {
        var env = await image.DeployedAsync();
        var request = env.Request("1.1.0-smoke") with
        {
            SmokeTests = new SmokeTests().Http("version", "/version", c => c.JsonValue("version", "not-this-version").Retries(0, TimeSpan.Zero)),
        };
        var record = await DeployAsync(env, request);
        Assert.Equal(RollbackTrigger.SmokeTestFailed, record.RollbackReason!.Trigger);
        Assert.Contains("smoke test 'version' failed against test", record.RollbackReason.Message, StringComparison.Ordinal);
        await AssertBackOnFirstAsync(env);
    }

    [DockerFact]
    public async Task Errors_during_bake_roll_back()
    {
        var env = await image.DeployedAsync();
        var request = env.Request("1.1.0-errors", ("SAMPLE_FAULT", "errors")) with
        {
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(4), PollInterval = TimeSpan.FromMilliseconds(200), MinimumRequests = 5 },
        };
        DeploymentRecord record;
        await using (new LoadGenerator(env.PublicUrl, "/todos", 3))
        {
            record = await DeployAsync(env, request);
        }

        Assert.Equal(RollbackTrigger.ErrorRate, record.RollbackReason!.Trigger);
        Assert.Contains("over the 5.0% limit", record.RollbackReason.Message.Replace(" %", "%", StringComparison.Ordinal), StringComparison.Ordinal);
        await AssertBackOnFirstAsync(env);
    }

    [DockerFact]
    public async Task Latency_during_bake_rolls_back()
    {
        var env = await image.DeployedAsync();
        var request = env.Request("1.1.0-slow", ("SAMPLE_FAULT", "slow"), ("SAMPLE_FAULT_DELAY_MS", "300")) with
        {
            Bake = new BakeSettings
            {
                Duration = TimeSpan.FromSeconds(5),
                PollInterval = TimeSpan.FromMilliseconds(200),
                MinimumRequests = 5,
                MaxP99Latency = TimeSpan.FromMilliseconds(150),
            },
        };
        DeploymentRecord record;
        await using (new LoadGenerator(env.PublicUrl, "/version", 4))
        {
            record = await DeployAsync(env, request);
        }

        Assert.Equal(RollbackTrigger.Latency, record.RollbackReason!.Trigger);
        Assert.Contains("over the 150 ms limit", record.RollbackReason.Message, StringComparison.Ordinal);
        await AssertBackOnFirstAsync(env);
    }

    [DockerFact]
    public async Task Cancelling_during_bake_rolls_back()
    {
        var env = await image.DeployedAsync();
        var request = env.Request("1.1.0-cancelled") with
        {
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(60), PollInterval = TimeSpan.FromMilliseconds(200) },
        };
        using var cancellation = new CancellationTokenSource();
        var deploy = env.Engine.DeployAsync(request, cancellation.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!deploy.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var current = env.Environment.History.List().LastOrDefault(r => r.Release.Version == "1.1.0-cancelled");
            if (current?.Stages.Any(s => s.Stage == DeploymentStage.PostProductionTrafficShift) == true)
            {
                break;
            }

            await Task.Delay(100);
        }

        await cancellation.CancelAsync();
        var record = await deploy;
        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(RollbackTrigger.Cancelled, record.RollbackReason!.Trigger);
        await AssertBackOnFirstAsync(env);
    }

    private async Task<DeploymentRecord> DeployAsync(DockerTestEnvironment env, DeployRequest request)
    {
        var record = await env.Engine.DeployAsync(request, CancellationToken.None);
        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal("1.0.0", record.PreviousVersion);
        return record;
    }

    private static async Task AssertBackOnFirstAsync(DockerTestEnvironment env)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("1.0.0", await env.VersionAsync());
        }

        var container = Assert.Single(await env.AppContainersAsync());
        Assert.Equal("1.0.0", container.Labels["pipeline.version"]);
        Assert.Single(env.Environment.ReadState().Colours);
    }
}
