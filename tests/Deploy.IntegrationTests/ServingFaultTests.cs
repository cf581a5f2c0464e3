using System.Text.Json;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>
/// What runs dies after a good deploy, under load: the serving process killed with SIGKILL is started again by the edge
/// (requests that met it dead wait for it and are sent again), and Status says so; the edge killed together with its
/// supervisor shows in Status with what to run, and that Deploy converges. (An edge killed alone comes back by itself:
/// the shared contract's A_killed_edge_is_started_again_by_itself_under_load_and_Status_says_so.)
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ServingFaultTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_serving_process_is_started_again_by_the_edge_with_zero_failed_requests_and_Status_says_so()
    {
        await using var env = TestEnvironment.Create(sample, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0", null, ("SAMPLE_CHECK", "kept")), CancellationToken.None)).Succeeded);
        var pid = Assert.Single(env.LivePids());
        Assert.Equal(pid, Assert.Single((await env.EdgeStateAsync()).Kept!).Pid);

        // enough callers that some arrive while the restarted process is still starting, not only before it died
        await using (var load = new LoadGenerator(env.PublicUrl, "/version", concurrency: 16))
        {
            await load.AnsweredMoreAsync(50, TimeSpan.FromSeconds(30));
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            await Eventually.WaitForAsync(async () => Restarted(await env.EdgeStateAsync()) is { } now && now != pid, TimeSpan.FromSeconds(10), "the edge to start it again");
            var status = await StatusAsync(env);
            output.WriteLine(status);
            Assert.Contains($"started again by the edge 1 time, last at", status, StringComparison.Ordinal);
            Assert.Contains($"(pid {pid} was gone)", status, StringComparison.Ordinal);

            await load.AnsweredMoreAsync(200, TimeSpan.FromSeconds(30));
            output.WriteLine($"serving process killed under load: {load}");
            Assert.Equal(0, load.Failed);
        }

        var restarted = Restarted(await env.EdgeStateAsync())!.Value;
        var variables = await File.ReadAllTextAsync($"/proc/{restarted}/environ");
        Assert.Contains("SAMPLE_CHECK=kept\0", variables, StringComparison.Ordinal); // the same environment as the deploy gave it
        Assert.Equal("1.0.0", await env.VersionAsync());
        var settled = await StatusAsync(env);
        Assert.DoesNotContain("NOT SERVING", settled, StringComparison.Ordinal);
        Assert.Contains($"pid {restarted}", settled, StringComparison.Ordinal);

        var record = await env.Engine.DeployAsync(env.Request("1.1.0"), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        Assert.False(TestEnvironment.IsRunning(restarted), "the next deploy stops the restarted process, and the edge does not start it again");
        Assert.Equal("1.1.0", await env.VersionAsync());
    }

    [Fact]
    public async Task An_edge_killed_with_its_supervisor_shows_in_Status_with_what_to_run_and_the_next_deploy_starts_it_again()
    {
        await using var env = TestEnvironment.Create(sample, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        var info = JsonSerializer.Deserialize<EdgeInfo>(
            await File.ReadAllTextAsync(Path.Combine(env.Folder.EdgeDirectory, EdgeInfo.FileName)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        foreach (var pid in new[] { info.SupervisorPid!.Value, info.Pid })
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            await Eventually.WaitForAsync(() => Task.FromResult(!TestEnvironment.IsRunning(pid)), TimeSpan.FromSeconds(10), $"pid {pid} to be gone");
        }

        var status = await StatusAsync(env);
        output.WriteLine(status);
        Assert.Contains("edge      not running", status, StringComparison.Ordinal);
        Assert.Contains("refuses every request; the next Deploy starts the edge again", status, StringComparison.Ordinal);

        var record = await env.Engine.DeployAsync(env.Request("1.1.0"), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        Assert.Equal("1.1.0", await env.VersionAsync());
    }

    private static int? Restarted(EdgeState edge) =>
        edge.Kept is [{ Restarts: > 0 } kept] ? kept.Pid : null;

    private static async Task<string> StatusAsync(TestEnvironment env) =>
        (await EnvironmentStatus.ReadAsync(env.Folder, 3, CancellationToken.None, env.Platform.ObserveAsync, env.Platform.ColourProblemAsync)).ToText();
}
