using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>
/// Every rollback trigger on the Docker platform, against one environment serving 1.0.0: each bad release must roll
/// back, leave production on 1.0.0 and leave no container of its own behind.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class RollbackTriggerTests(SampleImage image, ITestOutputHelper output)
{

    [FactRequiring(Requirement.Docker)]
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



    [FactRequiring(Requirement.Docker)]
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
        Assert.Single(env.Folder.ReadState().Colours);
    }
}
