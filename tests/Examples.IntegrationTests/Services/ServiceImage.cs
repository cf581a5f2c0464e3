using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>A service image of an example, built from its Dockerfile on the offline Debian base image, and how long that took.</summary>
public sealed record ServiceImage(string Tag, TimeSpan BuildTime)
{
    /// <summary>Builds <paramref name="context"/>'s Dockerfile as a user would (<c>docker build</c>), from <c>BASE_IMAGE</c> <see cref="TestImages.Debian"/>.</summary>
    public static async Task<ServiceImage> BuildAsync(string context, string name)
    {
        var tag = $"example-{name}:{Guid.NewGuid().ToString("N")[..8]}";
        var clock = Stopwatch.StartNew();
        await DockerCli.OkAsync(["build", "-q", "--build-arg", $"BASE_IMAGE={TestImages.Debian}", "-t", tag, context]);
        return new ServiceImage(tag, clock.Elapsed);
    }

    public Task RemoveAsync() => DockerCli.RunAsync(["rmi", "-f", Tag]);
}
