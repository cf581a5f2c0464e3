namespace Pipeline.GitHub.Deployments;

/// <summary>What a deployment records on GitHub: the commit, the version and image digest, the environment and its kind.</summary>
/// <param name="Environment">The GitHub environment's name.</param>
/// <param name="Sha">The commit the release was built from (the deployment's <c>ref</c> when Pipeline creates it).</param>
/// <param name="Version">The version deployed.</param>
/// <param name="Digest">The image digest (<c>sha256:…</c>) when an image is deployed.</param>
public sealed record DeploymentRequest(string Environment, string Sha, string Version, string? Digest)
{
    /// <summary>The environment goes away after use (previews).</summary>
    public bool Transient { get; init; }

    /// <summary>End users reach it: GitHub shows it as production.</summary>
    public bool Production { get; init; }

    /// <summary>What the deployment puts in the environment, as status descriptions name it.</summary>
    public DeployedRelease Release => new(Version, Digest, Sha);

    /// <summary>The payload GitHub keeps with the deployment: what an approver or an auditor needs to know.</summary>
    public IReadOnlyDictionary<string, string> Payload
    {
        get
        {
            var payload = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["sha"] = Sha, ["version"] = Version };
            if (Digest is { Length: > 0 })
            {
                payload["digest"] = Digest;
            }

            return payload;
        }
    }
}
