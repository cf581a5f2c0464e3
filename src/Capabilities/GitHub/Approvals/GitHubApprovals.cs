using System.Globalization;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Deployments;

namespace Pipeline.GitHub.Approvals;

/// <summary>
/// The deployments of a workflow run that wait for a required reviewer: lists them with what each would deploy, and
/// approves or rejects them. Raw endpoints: Octokit 14 has no GET for them and types the review's answer wrongly.
/// </summary>
public sealed class GitHubApprovals(GitHubApi api)
{
    /// <summary>The newest run of <paramref name="workflowFile"/> (e.g. <c>delivery.yml</c>) that waits for review, or null.</summary>
    public async Task<WorkflowRun?> FindWaitingRunAsync(string workflowFile, CancellationToken cancellationToken) =>
        (await FindWaitingRunsAsync([workflowFile], cancellationToken)).Newest;

    /// <summary>
    /// The runs of <paramref name="workflowFiles"/> that wait for review, newest first. A workflow GitHub does not know
    /// (its file not pushed yet) has none, and is named in <see cref="WaitingRuns.Missing"/>.
    /// </summary>
    public async Task<WaitingRuns> FindWaitingRunsAsync(IReadOnlyList<string> workflowFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflowFiles);
        await api.EnsureRepositoryAsync(cancellationToken);
        var runs = new List<WorkflowRun>();
        var missing = new List<string>();
        foreach (var workflowFile in workflowFiles)
        {
            try
            {
                var page = await api.GetAsync(
                    $"{api.RepositoryPath}/actions/workflows/{Uri.EscapeDataString(workflowFile)}/runs",
                    $"listing the waiting runs of {workflowFile}",
                    GitHubPermission.Actions,
                    cancellationToken,
                    new Dictionary<string, string> { ["status"] = "waiting", ["per_page"] = "20" });
                runs.AddRange((page ?? default).Items("workflow_runs").Select(run => WorkflowRun.From(run) with { Workflow = workflowFile }));
            }
            catch (GitHubException e) when (e.InnerException is Octokit.NotFoundException)
            {
                missing.Add(workflowFile);
            }
        }

        return new WaitingRuns(workflowFiles, runs, missing);
    }

    /// <summary>The run with id <paramref name="runId"/>.</summary>
    public async Task<WorkflowRun> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        await api.EnsureRepositoryAsync(cancellationToken);
        var run = await api.GetAsync($"{api.RepositoryPath}/actions/runs/{runId.ToString(CultureInfo.InvariantCulture)}", $"reading run {runId}", GitHubPermission.Actions, cancellationToken);
        return WorkflowRun.From(run ?? default);
    }

    /// <summary>
    /// The run's deployments waiting for review, with what each would deploy: for a promote run (its title names the
    /// digests it promotes) those digests, with the version and commit GitHub's record of the first one holds; for
    /// another run the version and digest a deployment of the run's commit recorded.
    /// </summary>
    public async Task<IReadOnlyList<PendingDeployment>> ListPendingAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var pending = await api.GetAsync(PendingPath(run), $"listing the pending deployments of run {run.Id}", GitHubPermission.Actions, cancellationToken);
        var promoted = run.PromotedDigests;
        var (version, digest, commit) = promoted.Count > 0
            ? await FindPromotedAsync(promoted, cancellationToken)
            : await FindReleaseAsync(run.Sha, cancellationToken);
        return
        [
            .. (pending ?? default).Items().Select(item => new PendingDeployment(
                item.Member("environment")?.Long("id") ?? 0,
                item.Member("environment")?.String("name") ?? "?",
                run)
            {
                WaitTimerMinutes = (int)(item.Long("wait_timer") ?? 0),
                CurrentUserCanApprove = item.Bool("current_user_can_approve") ?? false,
                Reviewers = [.. item.Items("reviewers").Select(r => r.Member("reviewer") is { } who ? who.String("login") ?? who.String("slug") ?? "?" : "?")],
                Version = version,
                Digest = digest,
                Commit = commit,
            }),
        ];
    }

    /// <summary>Approves or rejects <paramref name="deployments"/> (all of the same run) with a comment.</summary>
    public async Task ReviewAsync(WorkflowRun run, IReadOnlyList<PendingDeployment> deployments, ReviewDecision decision, string comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(deployments);
        var body = new
        {
            environment_ids = deployments.Select(d => d.EnvironmentId).ToArray(),
            state = decision == ReviewDecision.Approved ? "approved" : "rejected",
            comment,
        };
        await api.SendAsync(HttpMethod.Post, PendingPath(run), body, $"{(decision == ReviewDecision.Approved ? "approving" : "rejecting")} the pending deployments of run {run.Id}", GitHubPermission.Review, cancellationToken);
    }

    /// <summary>
    /// The release a deployment of <paramref name="sha"/> recorded (staging's, as the same digest is promoted): in its
    /// payload when Pipeline created it, else in Pipeline's statuses on the deployment GitHub Actions created.
    /// </summary>
    private async Task<(string? Version, string? Digest, string? Commit)> FindReleaseAsync(string sha, CancellationToken cancellationToken)
    {
        var deployments = await api.GetAsync(
            $"{api.RepositoryPath}/deployments",
            $"reading the deployments of commit {sha}",
            GitHubPermission.Read,
            cancellationToken,
            new Dictionary<string, string> { ["sha"] = sha, ["per_page"] = "20" });
        foreach (var deployment in (deployments ?? default).Items())
        {
            var statuses = GitHubDeployments.ReadPayload(deployment).Version is null && deployment.Long("id") is { } id
                ? await api.GetAsync(
                    $"{api.RepositoryPath}/deployments/{id.ToString(CultureInfo.InvariantCulture)}/statuses",
                    $"reading the statuses of deployment {id}",
                    GitHubPermission.Read,
                    cancellationToken,
                    new Dictionary<string, string> { ["per_page"] = "30" })
                : null;
            if (DeployedRelease.Of(deployment, (statuses ?? default).Items()) is { } release)
            {
                return (release.Version, release.Digest, null);
            }
        }

        return (null, null, null);
    }

    /// <summary>The digests a promote run deploys, with the version and commit the record of the first one holds.</summary>
    private async Task<(string? Version, string? Digest, string? Commit)> FindPromotedAsync(IReadOnlyList<string> digests, CancellationToken cancellationToken)
    {
        var release = await new GitHubDeploymentHistory(api).FindReleaseAsync(digests[0], cancellationToken);
        return (release?.Version, string.Join(", ", digests), release?.Commit);
    }

    private string PendingPath(WorkflowRun run) => $"{api.RepositoryPath}/actions/runs/{run.Id.ToString(CultureInfo.InvariantCulture)}/pending_deployments";
}
