using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Deployments;

/// <summary>
/// What a deploy put in an environment: the version, the image digest and the commit the image was built from. A
/// deployment Pipeline creates carries it in its payload; a deployment GitHub Actions created for the job (empty payload,
/// which cannot be changed afterwards) carries it at the head of Pipeline's status descriptions
/// (<c>1.4.0 sha256:… commit 9fceb02d0ae5: deploying</c>), which is where <c>Status</c> and <c>Approve</c> read it back.
/// </summary>
/// <param name="Version">The version deployed.</param>
/// <param name="Digest">The image digest (<c>sha256:…</c>), when an image is deployed.</param>
/// <param name="Commit">The commit the release was built from (full sha, or the 12 characters a description keeps).</param>
public sealed partial record DeployedRelease(string Version, string? Digest, string Commit)
{
    /// <summary>A status description: the release, then what happened to it, cut to GitHub's 140 characters.</summary>
    public string Describe(string what) =>
        StatusDescription.Fit($"{Version}{(Digest is { Length: > 0 } digest ? " " + digest : "")} commit {ShortCommit}: {what}");

    /// <summary>The commit as the lines show it: 12 characters.</summary>
    public string ShortCommit => Commit.Length > 12 ? Commit[..12] : Commit;

    /// <summary>The release a status description written by <see cref="Describe"/> names, or null.</summary>
    public static DeployedRelease? FromDescription(string? description)
    {
        var match = Described().Match(description ?? "");
        return match.Success
            ? new DeployedRelease(match.Groups["version"].Value, match.Groups["digest"].Success ? match.Groups["digest"].Value : null, match.Groups["commit"].Value)
            : null;
    }

    /// <summary>
    /// The release a deployment records: its payload when Pipeline created it, else the newest of its statuses
    /// (newest first, as GitHub lists them) whose description names one; null when neither does.
    /// </summary>
    public static DeployedRelease? Of(JsonElement deployment, IEnumerable<JsonElement> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var (version, digest) = GitHubDeployments.ReadPayload(deployment);
        if (version is not null)
        {
            var payloadSha = PayloadSha(deployment);
            return new DeployedRelease(version, digest, payloadSha ?? deployment.String("sha") ?? "");
        }

        return statuses.Select(s => FromDescription(s.String("description"))).FirstOrDefault(r => r is not null);
    }

    private static string? PayloadSha(JsonElement deployment)
    {
        var payload = deployment.Member("payload");
        if (payload is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 1 } json && json.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonDocument.Parse(json).RootElement.String("sha");
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return payload?.String("sha");
    }

    [GeneratedRegex(@"^(?<version>\S+)(?: (?<digest>sha256:[0-9a-f]{64}))? commit (?<commit>[0-9a-f]{7,40}): ", RegexOptions.CultureInvariant)]
    private static partial Regex Described();
}
