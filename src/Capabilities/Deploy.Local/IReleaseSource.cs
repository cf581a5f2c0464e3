using Pipeline.Deploy.Environments;

namespace Pipeline.Deploy.Local;

/// <summary>What a local platform runs for a deploy: the published folder (Process), an image id or digest (Docker).</summary>
public interface IReleaseSource
{
    /// <summary>
    /// The release's source for <paramref name="spec"/>. Throws <see cref="DeploySettingsException"/> saying what to
    /// pass when the deploy gives nothing the platform can run, or asks what its source cannot do (a migrations command
    /// from a platform that runs no image).
    /// </summary>
    Task<string> ResolveAsync(DeploySpec spec, CancellationToken cancellationToken);
}
