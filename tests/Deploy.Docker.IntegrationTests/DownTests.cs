using System.Net.Http.Json;
using Docker.DotNet.Models;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Edge;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

[Collection(DockerCollection.Name)]
public sealed class DownTests(SampleImage image, ITestOutputHelper output)
{
    [FactRequiring(Requirement.Docker)]
    public async Task Down_leaves_only_the_database_volume_and_the_next_deploy_finds_the_data_again()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None)).Succeeded);
        using (var http = new HttpClient { BaseAddress = env.PublicUrl })
        {
            (await http.PostAsJsonAsync(new Uri("todos", UriKind.Relative), new { title = "kept by Down" })).EnsureSuccessStatusCode();
        }

        var lines = await env.Platform.DownAsync(keepDatabase: true);
        output.WriteLine(string.Join("\n", lines));
        var docker = env.Platform.Resources;
        Assert.Empty(await TestDocker.ContainersAsync(DockerEnvironmentResources.InstanceLabel, docker.Instance));
        Assert.Equal([docker.DatabaseVolumeName], await VolumesAsync(docker.Instance));
        Assert.False(await NetworkExistsAsync(docker.NetworkName));
        Assert.True(File.Exists(docker.PasswordFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(docker.PasswordFile));
        }

        await Assert.ThrowsAsync<EdgeUnreachableException>(() => EdgeClient.ConnectAsync(env.Folder.EdgeDirectory));
        Assert.Empty(env.Folder.ReadState().Colours);

        Assert.True((await env.Engine.DeployAsync(env.Request("1.0.1"), CancellationToken.None)).Succeeded);
        using (var http = new HttpClient { BaseAddress = env.PublicUrl })
        {
            Assert.Contains("kept by Down", await http.GetStringAsync(new Uri("todos", UriKind.Relative)), StringComparison.Ordinal);
        }

        await env.Platform.DownAsync(keepDatabase: false);
        Assert.Empty(await TestDocker.ContainersAsync(DockerEnvironmentResources.InstanceLabel, docker.Instance));
        Assert.Empty(await VolumesAsync(docker.Instance));
        Assert.False(File.Exists(docker.PasswordFile));
    }

    private static async Task<List<string>> VolumesAsync(string instance)
    {
        using var docker = TestDocker.Client();
        var volumes = await docker.Volumes.ListAsync(new VolumesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerEnvironmentResources.InstanceLabel}={instance}"] = true } },
        });
        return [.. (volumes.Volumes ?? []).Select(v => v.Name)];
    }

    private static async Task<bool> NetworkExistsAsync(string name)
    {
        using var docker = TestDocker.Client();
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters());
        return networks.Any(n => n.Name == name);
    }
}
