using System.Text.Json.Serialization;

namespace Pipeline.Deploy;

/// <summary>
/// What to deploy. <see cref="Source"/> is interpreted by the platform: a published folder (Process), an image
/// reference or digest (Docker), a task definition (ECS).
/// </summary>
/// <param name="Version">The version label shown everywhere, e.g. 1.4.0 or 1.4.0-alpha.0.12.</param>
/// <param name="Source">Where the platform finds the artefact.</param>
/// <param name="GitSha">The commit built, when known.</param>
/// <param name="Digest">A content digest of the artefact (image digest), when known.</param>
public sealed record Release(string Version, string Source, string? GitSha = null, string? Digest = null)
{
    /// <summary>
    /// Extra environment variables for the new revision (on top of what the platform sets). Not written to records:
    /// they may hold secrets.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
