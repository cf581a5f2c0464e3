using System.Globalization;

namespace Pipeline.GitHub.Deployments;

/// <summary>The GitHub Actions run a build runs in (from <c>GITHUB_SERVER_URL</c>, <c>GITHUB_REPOSITORY</c>, <c>GITHUB_RUN_ID</c>).</summary>
public sealed record ActionsRun(Uri ServerUrl, string Repository, long RunId)
{
    /// <summary>The commit the run is for (<c>GITHUB_SHA</c>): the sha of the deployment GitHub Actions creates for a job.</summary>
    public string? Sha { get; init; }

    /// <summary>The run's page: where its logs are.</summary>
    public Uri LogUrl => new($"{ServerUrl.AbsoluteUri.TrimEnd('/')}/{Repository}/actions/runs/{RunId.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The current run, or null when not on GitHub Actions.</summary>
    public static ActionsRun? FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (variable("GITHUB_ACTIONS") != "true"
            || variable("GITHUB_REPOSITORY") is not { Length: > 0 } repository
            || !long.TryParse(variable("GITHUB_RUN_ID"), NumberStyles.None, CultureInfo.InvariantCulture, out var runId))
        {
            return null;
        }

        var server = variable("GITHUB_SERVER_URL") is { Length: > 0 } url ? url : "https://github.com";
        return new ActionsRun(new Uri(server), repository, runId) { Sha = variable("GITHUB_SHA") is { Length: > 0 } sha ? sha : null };
    }
}
