using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Local;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>
/// What runs dies after a good deploy, under load: a crashed serving process comes back by itself (the engine restarts
/// its container on the same port); a container killed from outside (docker kill: Docker does not restart it) shows in
/// Status with the command that starts it again and what the next Deploy does. (A killed edge comes back by itself: the
/// shared contract's A_killed_edge_is_started_again_by_itself_under_load_and_Status_says_so.)
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ServingFaultTests(SampleImage image, ITestOutputHelper output)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_crashed_serving_process_comes_back_by_itself_under_load()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        var container = Assert.Single(await env.AppContainersAsync());
        using var docker = TestDocker.Client();
        var inspected = await docker.Containers.InspectContainerAsync(container.ID);

        await using (var load = new LoadGenerator(env.PublicUrl, "/version", concurrency: 4))
        {
            await Eventually.WaitForAsync(() => Task.FromResult(load.Total > 50), TimeSpan.FromSeconds(10), "load to flow");
            System.Diagnostics.Process.GetProcessById((int)inspected.State!.Pid).Kill();
            await Eventually.WaitForAsync(
                async () => (await docker.Containers.InspectContainerAsync(container.ID)).RestartCount > 0, TimeSpan.FromSeconds(20), "the engine to restart the container");
            var before = load.Total;
            await Eventually.WaitForAsync(async () => await ServesAsync(env) && load.Total > before + 50, TimeSpan.FromSeconds(60), "service to come back");
            var failedBefore = load.Failed;
            var totalBefore = load.Total;
            await Eventually.WaitForAsync(() => Task.FromResult(load.Total > totalBefore + 200), TimeSpan.FromSeconds(30), "200 more requests");
            output.WriteLine(load.ToString());
            Assert.Equal(failedBefore, load.Failed);
        }

        Assert.DoesNotContain("NOT SERVING", await StatusAsync(env), StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_container_stopped_from_outside_shows_in_Status_and_the_next_deploy_replaces_it()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        var container = Assert.Single(await env.AppContainersAsync());
        using var docker = TestDocker.Client();

        await docker.Containers.KillContainerAsync(container.ID, new global::Docker.DotNet.Models.ContainerKillParameters());

        var status = await StatusAsync(env);
        output.WriteLine(status);
        Assert.Contains("NOT SERVING: its container exited with code", status, StringComparison.Ordinal);
        var name = container.Names[0].TrimStart('/');
        Assert.Contains($"`docker start {name}` starts it again on the same port", status, StringComparison.Ordinal);
        Assert.Contains("the next Deploy replaces it", status, StringComparison.Ordinal);

        var record = await env.Engine.DeployAsync(env.Request("1.1.0"), CancellationToken.None);
        Assert.True(record.Succeeded, DeploymentReport.ToText(record));
        Assert.Equal("1.1.0", await env.VersionAsync());
    }

    private static async Task<bool> ServesAsync(DockerTestEnvironment env)
    {
        try
        {
            return await env.VersionAsync() == "1.0.0";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<string> StatusAsync(DockerTestEnvironment env) =>
        (await EnvironmentStatus.ReadAsync(env.Folder, 3, CancellationToken.None, env.Platform.ObserveAsync, env.Platform.ColourProblemAsync)).ToText();
}
