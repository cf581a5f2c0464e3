using Docker.DotNet;
using Docker.DotNet.Models;

namespace Pipeline.Deploy.Docker.IntegrationTests.Support;

/// <summary>A Docker client for assertions: what really runs, independent of the platform's own bookkeeping.</summary>
public static class TestDocker
{
    public static DockerClient Client()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return new DockerClientBuilder().WithEndpoint(new Uri(string.IsNullOrEmpty(host) ? "unix:///var/run/docker.sock" : host)).Build();
    }

    /// <summary>Containers (any state) carrying <paramref name="label"/>=<paramref name="value"/>.</summary>
    public static async Task<IList<ContainerListResponse>> ContainersAsync(string label, string value)
    {
        using var docker = Client();
        return await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{label}={value}"] = true } },
        }, CancellationToken.None);
    }
}
