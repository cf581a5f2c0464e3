using Pipeline.Engine;

namespace Pipeline.Components;

/// <summary>
/// The commit a build runs on: sha, branch, commit time and repository (from git, or the CI's variables). Its version is
/// <see cref="Versioning.GitVersion"/>.
/// </summary>
public sealed record GitRevision(string Sha, string? Branch, DateTimeOffset? CommitTime, string? RepositoryUrl)
{
    public static async Task<GitRevision> ReadAsync(IPipelineBuild build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        async Task<string?> Git(params string[] args)
        {
            var result = await build.Tools.RunAsync("git", args, echo: false, allowFailure: true, cancellationToken: cancellationToken);
            return result.ExitCode == 0 && result.Lines.Count > 0 ? result.Lines[0].Trim() : null;
        }

        var sha = Environment.GetEnvironmentVariable("GITHUB_SHA") ?? await Git("rev-parse", "HEAD") ?? "unknown";
        var branch = Environment.GetEnvironmentVariable("GITHUB_REF_NAME") ?? await Git("rev-parse", "--abbrev-ref", "HEAD");
        var time = await Git("log", "-1", "--format=%cI", "HEAD") is { } iso && DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : (DateTimeOffset?)null;
        var url = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{Environment.GetEnvironmentVariable("GITHUB_SERVER_URL") ?? "https://github.com"}/{repository}"
            : await Git("config", "--get", "remote.origin.url");
        return new GitRevision(sha, branch == "HEAD" ? null : branch, time, url);
    }
}
