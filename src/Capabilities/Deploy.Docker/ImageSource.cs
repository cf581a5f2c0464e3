using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>What the Docker platform runs: the image the deploy names (<c>--image</c>), or the one the build creates.</summary>
internal sealed class ImageSource(string environment) : IReleaseSource
{
    public async Task<string> ResolveAsync(DeploySpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Image
            ?? (spec.BuildImage is { } build
                ? await build(cancellationToken)
                : throw new DeploySettingsException($"environment '{environment}' runs an image: pass --image <id or repository@sha256:…> or let the build create it"));
    }
}
