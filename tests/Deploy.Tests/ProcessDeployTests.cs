using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Tests;

/// <summary>The happy path on the Process platform: real processes, the real edge, real HTTP under load.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessDeployTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task Deploys_blue_then_green_with_zero_failed_requests_then_rolls_back_on_demand_and_goes_down()
    {
        await using var env = TestEnvironment.Create(sample, output);

        var first = await env.Engine.DeployAsync(ShortBake(env.Request("1.0.0")), CancellationToken.None);
        Assert.True(first.Succeeded, DeploymentReport.ToText(first));
        Assert.Equal("1.0.0", await env.VersionAsync());
        Assert.Equal("blue", env.Folder.ReadState().ActiveColour);

        DeploymentRecord second;
        await using (var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4))
        {
            await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // load flows before the deploy starts
            second = await env.Engine.DeployAsync(
                ShortBake(env.Request("1.1.0")) with { Shift = TrafficShift.Linear(50, TimeSpan.FromMilliseconds(500)) },
                CancellationToken.None);
            await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // and green answers it after the deploy
            output.WriteLine($"load: {load}");
            Assert.True(load.Total > 50, $"the load generator barely ran: {load}");
            Assert.Equal(0, load.Failed);
        }

        Assert.True(second.Succeeded, DeploymentReport.ToText(second));
        Assert.Equal("1.1.0", await env.VersionAsync());
        Assert.Equal("1.0.0", second.PreviousVersion);
        Assert.Equal(
            ["RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
             "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"],
            second.Stages.Select(s => s.Name));
        Assert.All(second.Stages, s => Assert.Equal(StageOutcome.Succeeded, s.Outcome));
        Assert.Equal(4, second.SmokeTests.Count);
        Assert.Contains(second.SmokeTests, r => r.Target == "test");
        Assert.Contains(second.SmokeTests, r => r.Target == "production");

        // Only green runs now, from its durable release copy; blue was drained and stopped.
        var state = env.Folder.ReadState();
        Assert.Equal("green", state.ActiveColour);
        Assert.Single(state.Colours);
        Assert.StartsWith(env.Folder.ReleasesDirectory, state.Colours["green"].Source, StringComparison.Ordinal);
        Assert.Single(env.LivePids());
        var routes = (await env.EdgeStateAsync()).Routes;
        Assert.Equal(100, routes.WeightOf(Edge.EdgeColour.Green));
        Assert.Null(routes.Blue);

        // The record on disk says the same.
        var saved = env.Folder.History.List();
        Assert.Equal(2, saved.Count);
        Assert.Equal(DeploymentOutcome.Successful, saved[^1].Outcome);
        Assert.Equal("abc1234", saved[^1].Release.GitSha);

        var status = (await EnvironmentStatus.ReadAsync(env.Folder)).ToText();
        output.WriteLine(status);
        Assert.Contains("green     1.1.0 (active), weight 100 %", status, StringComparison.Ordinal);
        Assert.Contains("Deploy 1.0.0 by", status, StringComparison.Ordinal);

        var rollback = await env.Engine.RollbackAsync(null, CancellationToken.None);
        Assert.True(rollback.Succeeded, DeploymentReport.ToText(rollback));
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        Assert.Equal("1.0.0", await env.VersionAsync());
        Assert.Equal("blue", env.Folder.ReadState().ActiveColour);

        var edgePid = (await env.EdgeStateAsync()).Pid;
        var pids = env.LivePids();
        var down = await env.Platform.DownAsync(CancellationToken.None);
        output.WriteLine(string.Join("\n", down));
        Assert.False(TestEnvironment.IsRunning(edgePid));
        Assert.All(pids, pid => Assert.False(TestEnvironment.IsRunning(pid)));
        Assert.True(File.Exists(env.Database), "Down keeps the database");
        Assert.Empty(env.Folder.ReadState().Colours);
        Assert.Contains("edge      not running", (await EnvironmentStatus.ReadAsync(env.Folder)).ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuilt_publish_folder_does_not_change_what_a_running_colour_runs()
    {
        await using var env = TestEnvironment.Create(sample, output);
        var record = await env.Engine.DeployAsync(ShortBake(env.Request("1.0.0")), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));

        var release = env.Folder.ReadState().Colours["blue"].Source;
        Assert.NotEqual(sample.Directory, release);
        Assert.True(File.Exists(Path.Combine(release, "Pipeline.Sample.dll")));
        Assert.Equal(release, record.Release.Source);
    }

    /// <summary>
    /// Half a second of bake, polled every 100 ms: the load generator's hundreds of requests in it are still judged
    /// (the minimum is 5), and the three deploys do not each wait out the shared request's full second.
    /// </summary>
    private static DeployRequest ShortBake(DeployRequest request) =>
        request with { Bake = request.Bake with { Duration = TimeSpan.FromMilliseconds(500), PollInterval = TimeSpan.FromMilliseconds(100) } };
}
