using System.Net.Http.Json;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

[Collection(DockerCollection.Name)]
public sealed class HappyPathTests(SampleImage image, ITestOutputHelper output)
{
    [DockerFact]
    public async Task Two_deploys_in_a_row_switch_the_version_with_zero_failed_requests()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        var first = await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None);
        output.WriteLine(DeploymentReport.ToText(first));
        Assert.True(first.Succeeded);
        Assert.Equal("docker", first.Platform);
        Assert.Equal(image.Id, first.Release.Source);
        Assert.Equal("1.0.0", await env.VersionAsync());

        var blue = Assert.Single(await env.AppContainersAsync());
        await AssertContainerAsync(env, blue.ID, "blue", "1.0.0");

        // The database is shared across versions: what 1.0.0 writes, 2.0.0 reads.
        using var http = new HttpClient { BaseAddress = env.PublicUrl };
        (await http.PostAsJsonAsync(new Uri("todos", UriKind.Relative), new { title = "survives the deploy" })).EnsureSuccessStatusCode();

        LoadGenerator load;
        await using (load = new LoadGenerator(env.PublicUrl, "/version", 4))
        {
            await Task.Delay(500);
            var second = await env.Engine.DeployAsync(env.Request("2.0.0"), CancellationToken.None);
            output.WriteLine(DeploymentReport.ToText(second));
            Assert.True(second.Succeeded);
            Assert.Equal("1.0.0", second.PreviousVersion);
            await Task.Delay(500);
        }

        output.WriteLine($"load during the second deploy: {load}");
        Assert.True(load.Total > 50, $"too little load to prove anything: {load}");
        Assert.Equal(0, load.Failed);
        Assert.Contains(load.Bodies.Keys, b => b.Contains("\"2.0.0\"", StringComparison.Ordinal));
        Assert.Contains(load.Bodies.Keys, b => b.Contains("\"1.0.0\"", StringComparison.Ordinal));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("2.0.0", await env.VersionAsync());
        }

        var green = Assert.Single(await env.AppContainersAsync());
        Assert.NotEqual(blue.ID, green.ID);
        await AssertContainerAsync(env, green.ID, "green", "2.0.0");
        Assert.Contains("survives the deploy", await http.GetStringAsync(new Uri("todos", UriKind.Relative)), StringComparison.Ordinal);

        var status = (await Local.EnvironmentStatus.ReadAsync(env.Environment)).ToText();
        output.WriteLine(status);
        Assert.Contains("green     2.0.0 (active)", status, StringComparison.Ordinal);
    }

    private static async Task AssertContainerAsync(DockerTestEnvironment env, string id, string colour, string version)
    {
        using var docker = TestDocker.Client();
        var container = await docker.Containers.InspectContainerAsync(id);
        Assert.Equal(env.Image.Id, container.Image);
        Assert.True(container.State!.Running);
        var config = container.Config!;
        Assert.Equal("true", config.Labels["pipeline.managed"]);
        Assert.Equal(env.Name, config.Labels["pipeline.environment"]);
        Assert.Equal(colour, config.Labels["pipeline.colour"]);
        Assert.Equal(version, config.Labels["pipeline.version"]);
        Assert.Equal(256L * 1024 * 1024, container.HostConfig!.Memory);
        Assert.Equal(1_000_000_000L, container.HostConfig.NanoCPUs);
        Assert.Contains("--healthcheck", config.Healthcheck!.Test!);
        var binding = Assert.Single(container.NetworkSettings!.Ports["8080/tcp"]);
        Assert.Equal("127.0.0.1", binding.HostIP);
        Assert.Contains(env.Platform.Docker.NetworkName, container.NetworkSettings.Networks.Keys);
        Assert.Contains(config.Env, e => e.StartsWith("ConnectionStrings__Default=Host=database;", StringComparison.Ordinal));
    }
}
