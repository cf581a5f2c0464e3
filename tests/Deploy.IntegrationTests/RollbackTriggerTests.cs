using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Smoke;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>Every automatic rollback trigger, with a deliberately bad release of the real sample (SAMPLE_FAULT).</summary>
[Collection(ProcessCollection.Name)]
public sealed class RollbackTriggerTests(SamplePublish sample, ITestOutputHelper output)
{

    [Fact]
    public async Task A_release_that_crashes_at_start_rolls_back_with_its_output_shown()
    {
        await using var env = await DeployedAsync("1.0.0");
        var record = await env.Engine.DeployAsync(env.Request("2.0.0", "crash"), CancellationToken.None);

        AssertRolledBack(record, RollbackTrigger.NeverHealthy, "crashing at startup because SAMPLE_FAULT=crash");
        Assert.Contains("exited with code 1", record.RollbackReason!.Message, StringComparison.Ordinal);
        await AssertBackOnAsync(env, "1.0.0");
    }



    [Fact]
    public async Task A_p99_latency_over_the_threshold_during_bake_rolls_back()
    {
        await using var env = await DeployedAsync("1.0.0");
        var request = env.Request("2.0.0", "slow", ("SAMPLE_FAULT_DELAY_MS", "400")) with
        {
            Bake = new BakeSettings
            {
                Duration = TimeSpan.FromSeconds(4),
                PollInterval = TimeSpan.FromMilliseconds(200),
                MinimumRequests = 5,
                MaxP99Latency = TimeSpan.FromMilliseconds(200),
            },
        };

        await using var load = new LoadGenerator(env.PublicUrl, "/version", concurrency: 6);
        var record = await env.Engine.DeployAsync(request, CancellationToken.None);

        AssertRolledBack(record, RollbackTrigger.Latency, "over the 200 ms limit");
        await AssertBackOnAsync(env, "1.0.0");
    }

    [Fact]
    public async Task Cancelling_during_the_traffic_shift_rolls_back_without_failed_requests()
    {
        await using var env = await DeployedAsync("1.0.0");
        using var cancel = new CancellationTokenSource();
        var request = env.Request("2.0.0") with { Shift = TrafficShift.Linear(20, TimeSpan.FromSeconds(2)) };

        await using var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4);
        var deploy = env.Engine.DeployAsync(request, cancel.Token);
        await Eventually.WaitForAsync(async () => (await env.EdgeStateAsync()).Routes.WeightOf(EdgeColour.Green) > 0, TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        var record = await deploy;
        await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // blue answers the load after the rollback

        AssertRolledBack(record, RollbackTrigger.Cancelled, "cancelled during PRODUCTION_TRAFFIC_SHIFT");
        await AssertBackOnAsync(env, "1.0.0");
        output.WriteLine($"load: {load}");
        Assert.Equal(0, load.Failed);
    }

    private async Task<TestEnvironment> DeployedAsync(string version)
    {
        var env = TestEnvironment.Create(sample, output);
        var record = await env.Engine.DeployAsync(env.Request(version), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        return env;
    }

    private void AssertRolledBack(DeploymentRecord record, RollbackTrigger trigger, string messagePart)
    {
        output.WriteLine(DeploymentReport.ToText(record));
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(trigger, record.RollbackReason?.Trigger);
        Assert.Contains(messagePart, record.RollbackReason!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', record.RollbackReason.Message);
        Assert.Equal(DeploymentStage.Rollback, record.Stages[^1].Stage);
        Assert.Equal(StageOutcome.Succeeded, record.Stages[^1].Outcome);
    }

    private static async Task AssertBackOnAsync(TestEnvironment env, string version)
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(version, await env.VersionAsync());
        }

        var state = env.Folder.ReadState();
        Assert.Single(state.Colours);
        Assert.Single(env.LivePids());
        var routes = (await env.EdgeStateAsync()).Routes;
        Assert.Equal(100, routes.WeightOf(EdgeColour.Blue));
        Assert.Null(routes.Green);
    }

}
