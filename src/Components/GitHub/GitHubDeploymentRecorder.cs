using Pipeline.GitHub;
using Pipeline.GitHub.Deployments;

namespace Pipeline.Components.GitHub;

/// <summary>Statuses of a GitHub deployment; a refused status is one line on the output, not a failed deploy.</summary>
internal sealed class GitHubDeploymentRecorder(GitHubDeployment deployment, TextWriter output) : IGitHubDeploymentRecorder
{
    public Task InProgressAsync(CancellationToken cancellationToken) => Guard(() => deployment.InProgressAsync(cancellationToken));

    public Task SucceededAsync(Uri? environmentUrl, CancellationToken cancellationToken) => Guard(() => deployment.SucceededAsync(environmentUrl, cancellationToken));

    public Task FailedAsync(string reason, CancellationToken cancellationToken) => Guard(() => deployment.FailedAsync(reason, cancellationToken));

    public Task ErrorAsync(string reason, CancellationToken cancellationToken) => Guard(() => deployment.ErrorAsync(reason, cancellationToken));

    public Task PutBackAsync(Uri? environmentUrl, CancellationToken cancellationToken) => Guard(() => deployment.PutBackAsync(environmentUrl, cancellationToken));

    private async Task Guard(Func<Task> status)
    {
        try
        {
            await status();
        }
        catch (GitHubException e)
        {
            output.WriteLine($"GitHub: deployment {deployment.Id} not updated: {e.Message}");
        }
    }
}
