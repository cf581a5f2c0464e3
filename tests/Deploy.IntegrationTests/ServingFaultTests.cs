using System.Text.Json;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>
/// What runs dies after a good deploy (the serving process killed with SIGKILL, the edge killed): Status says so at once
/// and what the next Deploy does, and that Deploy converges.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ServingFaultTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task A_killed_serving_process_shows_in_Status_at_once_and_the_next_deploy_replaces_it()
    {
        await using var env = TestEnvironment.Create(sample, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        var pid = Assert.Single(env.LivePids());

        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await Eventually.WaitForAsync(() => Task.FromResult(!TestEnvironment.IsRunning(pid)), TimeSpan.FromSeconds(10), "the killed process to be gone");

        var status = await StatusAsync(env);
        output.WriteLine(status);
        Assert.Contains($"NOT SERVING: its process (pid {pid}) is gone", status, StringComparison.Ordinal);
        Assert.Contains("production requests to", status, StringComparison.Ordinal);
        Assert.Contains("the next Deploy replaces it", status, StringComparison.Ordinal);

        var record = await env.Engine.DeployAsync(env.Request("1.1.0"), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        Assert.Equal("1.1.0", await env.VersionAsync());
        Assert.DoesNotContain("NOT SERVING", await StatusAsync(env), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_edge_shows_in_Status_with_what_to_run_and_the_next_deploy_starts_it_again()
    {
        await using var env = TestEnvironment.Create(sample, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        var edgePid = JsonSerializer.Deserialize<EdgeInfo>(
            await File.ReadAllTextAsync(Path.Combine(env.Environment.EdgeDirectory, EdgeInfo.FileName)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Pid;

        System.Diagnostics.Process.GetProcessById(edgePid).Kill();
        await Eventually.WaitForAsync(() => Task.FromResult(!TestEnvironment.IsRunning(edgePid)), TimeSpan.FromSeconds(10), "the killed edge to be gone");

        var status = await StatusAsync(env);
        output.WriteLine(status);
        Assert.Contains("edge      not running", status, StringComparison.Ordinal);
        Assert.Contains("refuses every request; the next Deploy starts the edge again", status, StringComparison.Ordinal);

        var record = await env.Engine.DeployAsync(env.Request("1.1.0"), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        Assert.Equal("1.1.0", await env.VersionAsync());
    }

    private static async Task<string> StatusAsync(TestEnvironment env) =>
        (await EnvironmentStatus.ReadAsync(env.Environment, 3, CancellationToken.None, env.Platform.ObserveAsync, env.Platform.ColourProblemAsync)).ToText();
}
