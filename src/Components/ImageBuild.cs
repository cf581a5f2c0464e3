using Microsoft.Extensions.Logging;
using Pipeline.Components.Versioning;
using Pipeline.Engine;
using Pipeline.Images;
using Pipeline.Images.Building;

namespace Pipeline.Components;

/// <summary>An image build through the Docker Engine API, labelled and tagged from git (sha, branch, <see cref="GitVersion"/>).</summary>
internal static class ImageBuild
{
    /// <summary>Builds <paramref name="request"/> with the OCI source labels and version tags of the build's checkout.</summary>
    public static async Task<BuiltImage> BuildAsync(IPipelineBuild build, ImageBuildRequest request, CancellationToken cancellationToken)
    {
        var revision = await GitRevision.ReadAsync(build, cancellationToken);
        var version = await GitVersion.ReadAsync(build, cancellationToken);
        using var docker = DockerConnection.Open();
        return await new ImageBuilder(docker, build.LoggerFactory.CreateLogger("Image")).BuildAsync(
            request with { Source = new ImageSource(revision.Sha, revision.Branch, version.ImageVersion, revision.RepositoryUrl, revision.CommitTime) },
            cancellationToken);
    }
}
