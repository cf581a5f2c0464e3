using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Deployments;

/// <summary>
/// GitHub's side of an environment for <c>Status</c>: the last deployments, whoever created them (Pipeline, or GitHub
/// Actions for a job with <c>environment:</c>), with the release each records (<see cref="DeployedRelease"/>), their
/// latest state, the run and who approved it.
/// </summary>
public sealed partial class GitHubDeploymentHistory(GitHubApi api)
{
    /// <summary>One line per deployment, newest first, under a heading line.</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(string environment, int count, CancellationToken cancellationToken)
    {
        var deployments = await api.GetAsync(
            $"{api.RepositoryPath}/deployments",
            $"reading the deployments of '{environment}'",
            GitHubPermission.Read,
            cancellationToken,
            new Dictionary<string, string> { ["environment"] = environment, ["per_page"] = count.ToString(CultureInfo.InvariantCulture) });
        var lines = new List<string> { $"GitHub deployments of '{environment}' in {api.Repository}:" };
        var approvals = new Dictionary<long, string?>();
        foreach (var deployment in (deployments ?? default).Items().Take(count))
        {
            var id = deployment.Long("id") ?? 0;
            var statuses = await api.GetAsync(
                $"{api.RepositoryPath}/deployments/{id.ToString(CultureInfo.InvariantCulture)}/statuses",
                $"reading the statuses of deployment {id}",
                GitHubPermission.Read,
                cancellationToken,
                new Dictionary<string, string> { ["per_page"] = "30" });
            var items = (statuses ?? default).Items().ToList();
            var latest = items.FirstOrDefault();
            var release = DeployedRelease.Of(deployment, items);
            var sha = release?.Commit ?? deployment.String("sha") ?? "";
            var url = items.Select(s => s.String("environment_url")).FirstOrDefault(u => u is { Length: > 0 });
            var runId = items.Select(s => s.String("log_url") ?? s.String("target_url"))
                .Select(log => log is not null && RunId().Match(log) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null)
                .FirstOrDefault(r => r is not null);
            var approver = runId is { } run ? await ApproverAsync(run, environment, approvals, cancellationToken) : null;
            var when = DateTimeOffset.TryParse(deployment.String("created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
                ? created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
                : "?";
            var parts = new List<string>
            {
                $"  #{id}",
                when,
                release?.Version ?? "version ?",
                "commit " + (sha.Length > 12 ? sha[..12] : sha),
                latest.ValueKind == JsonValueKind.Object ? latest.String("state") ?? "?" : "no status",
            };
            if (release?.Digest is { } digest)
            {
                parts.Add(digest);
            }

            if (url is { Length: > 0 })
            {
                parts.Add(url);
            }

            if (runId is { } shownRun)
            {
                parts.Add($"run {shownRun.ToString(CultureInfo.InvariantCulture)}");
            }

            parts.Add(approver is null ? $"by {deployment.Member("creator")?.String("login") ?? "?"}" : $"approved by {approver}");

            // GitHub Actions' own final status has no description: the newest one that says something is shown.
            if (items.Select(s => s.String("description")).FirstOrDefault(d => d is { Length: > 0 }) is { } description)
            {
                parts.Add($"\"{description}\"");
            }

            lines.Add(string.Join("  ", parts));
        }

        if (lines.Count == 1)
        {
            lines.Add("  no deployments yet");
        }

        return lines;
    }

    /// <summary>
    /// The release the newest of the last <paramref name="deployments"/> deployments (of any environment) that deployed
    /// image <paramref name="digest"/> records: its version and the commit it was built from — the full sha when the
    /// deployment's own sha is that commit (the delivery run that built it), else the 12 characters a description keeps.
    /// Null when none did.
    /// </summary>
    public async Task<DeployedRelease?> FindReleaseAsync(string digest, CancellationToken cancellationToken, int deployments = 50)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        var list = await api.GetAsync(
            $"{api.RepositoryPath}/deployments",
            $"looking for the deployments of image {digest}",
            GitHubPermission.Read,
            cancellationToken,
            new Dictionary<string, string> { ["per_page"] = deployments.ToString(CultureInfo.InvariantCulture) });
        DeployedRelease? found = null;
        foreach (var deployment in (list ?? default).Items().Take(deployments))
        {
            var id = deployment.Long("id") ?? 0;
            var statuses = await api.GetAsync(
                $"{api.RepositoryPath}/deployments/{id.ToString(CultureInfo.InvariantCulture)}/statuses",
                $"reading the statuses of deployment {id}",
                GitHubPermission.Read,
                cancellationToken,
                new Dictionary<string, string> { ["per_page"] = "30" });
            if (DeployedRelease.Of(deployment, (statuses ?? default).Items().ToList()) is not { } release || release.Digest != digest)
            {
                continue;
            }

            if (deployment.String("sha") is { Length: 40 } sha && sha.StartsWith(release.Commit, StringComparison.OrdinalIgnoreCase))
            {
                return release with { Commit = sha };
            }

            found ??= release;
        }

        return found;
    }

    private async Task<string?> ApproverAsync(long runId, string environment, Dictionary<long, string?> cache, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(runId, out var approver))
        {
            JsonElement? approvals;
            try
            {
                approvals = await api.GetAsync(
                    $"{api.RepositoryPath}/actions/runs/{runId.ToString(CultureInfo.InvariantCulture)}/approvals",
                    $"reading the approvals of run {runId}",
                    GitHubPermission.Actions,
                    cancellationToken);
            }
            catch (GitHubException e) when (e.InnerException is Octokit.NotFoundException)
            {
                approvals = null; // the run is gone (retention) or was never an Actions run
            }

            approver = (approvals ?? default).Items()
                .Where(a => a.String("state") == "approved" && a.Items("environments").Any(e => e.String("name") == environment))
                .Select(a => a.Member("user")?.String("login"))
                .FirstOrDefault(login => login is not null);
            cache[runId] = approver;
        }

        return approver;
    }

    [GeneratedRegex(@"/actions/runs/(\d+)")]
    private static partial Regex RunId();
}
