using System.Text.RegularExpressions;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>The image a release names (an image id, or a reference by digest or tag), as the engine has it.</summary>
internal static partial class ReleaseImage
{
    /// <summary>
    /// The image id and digest of <paramref name="release"/>'s image. Throws a one-line <see cref="DeployException"/>
    /// when its source names no image or the engine does not have it.
    /// </summary>
    public static async Task<(string Id, string? Digest)> ResolveAsync(DockerEnvironmentResources docker, Release release, CancellationToken cancellationToken)
    {
        var source = release.Source.Trim();
        if (!ImageIdPattern().IsMatch(source) && !ImageReference.TryParse(source, out _))
        {
            throw new DeployException(
                $"release {release.Version}: '{source}' is neither an image id (sha256:…) nor an image reference; pass what the Image target built");
        }

        var image = await docker.Images.TryInspectAsync(source, cancellationToken)
            ?? throw new DeployException(
                $"image {source} not found on the Docker engine at {docker.Endpoint}: build it (or docker pull it), then deploy its id or digest")
            { Remedy = DeployRemedy.BuildImage };
        var digest = release.Digest
            ?? (source.Contains('@', StringComparison.Ordinal) ? source[(source.IndexOf('@', StringComparison.Ordinal) + 1)..] : null);
        return (image.ID, digest);
    }

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex ImageIdPattern();
}
