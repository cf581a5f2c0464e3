namespace Pipeline.Components.GitHub;

/// <summary>A deploy GitHub does not hear about (no token, or an environment without GitHub settings).</summary>
internal sealed class NotRecordedDeployment : IGitHubDeploymentRecorder
{
    public Task InProgressAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SucceededAsync(Uri? environmentUrl, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task FailedAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ErrorAsync(string reason, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PutBackAsync(Uri? environmentUrl, CancellationToken cancellationToken) => Task.CompletedTask;
}
