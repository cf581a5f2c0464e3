using Octokit;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Deployments;

/// <summary>
/// A deployment on GitHub and its statuses as a deploy goes: in progress, then success with the environment URL,
/// failure with the rollback reason or error with what stopped the deploy, each with the run's log URL. The in-progress
/// and success descriptions start with the release (<see cref="DeployedRelease.Describe"/>), so a deployment GitHub
/// Actions created with an empty payload still tells what it deployed.
/// </summary>
public sealed class GitHubDeployment
{
    private readonly GitHubApi _api;
    private readonly DeploymentRequest _request;
    private readonly Uri? _logUrl;

    internal GitHubDeployment(GitHubApi api, long id, DeploymentRequest request, Uri? logUrl, bool adopted)
    {
        _api = api;
        Id = id;
        _request = request;
        _logUrl = logUrl;
        Adopted = adopted;
    }

    public long Id { get; }

    /// <summary>True when this is the deployment GitHub Actions created for the job (statuses added to it, no second one).</summary>
    public bool Adopted { get; }

    public Task InProgressAsync(CancellationToken cancellationToken) =>
        StatusAsync(DeploymentState.InProgress, _request.Release.Describe("deploying"), null, cancellationToken);

    public Task SucceededAsync(Uri? environmentUrl, CancellationToken cancellationToken) =>
        StatusAsync(DeploymentState.Success, _request.Release.Describe("live"), environmentUrl, cancellationToken);

    /// <summary>Success of a rollback: the release it put back is what the environment runs now.</summary>
    public Task PutBackAsync(Uri? environmentUrl, CancellationToken cancellationToken) =>
        StatusAsync(DeploymentState.Success, _request.Release.Describe("put back by Rollback"), environmentUrl, cancellationToken);

    /// <summary>Failure with why (the rollback reason); the description is cut to GitHub's 140 characters.</summary>
    public Task FailedAsync(string reason, CancellationToken cancellationToken) =>
        StatusAsync(DeploymentState.Failure, $"{_request.Version} rolled back: {reason}", null, cancellationToken);

    /// <summary>Error: the deploy stopped for another reason than a rollback (an exception, a cancel).</summary>
    public Task ErrorAsync(string reason, CancellationToken cancellationToken) =>
        StatusAsync(DeploymentState.Error, $"{_request.Version} did not finish: {reason}", null, cancellationToken);

    private async Task StatusAsync(DeploymentState state, string description, Uri? environmentUrl, CancellationToken cancellationToken)
    {
        var status = new NewDeploymentStatus(state)
        {
            Description = StatusDescription.Fit(description),
            LogUrl = _logUrl?.AbsoluteUri,
            EnvironmentUrl = environmentUrl?.AbsoluteUri,
        };
        await _api.CallAsync(
            () => _api.PostModelAsync<DeploymentStatus>($"{_api.RepositoryPath}/deployments/{Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}/statuses", status, cancellationToken),
            $"recording status {state} of deployment {Id} to '{_request.Environment}'",
            GitHubPermission.Deployments,
            cancellationToken);
    }
}
