namespace Pipeline.Components.GitHub;

/// <summary>
/// Records one deploy on GitHub as it goes. Never fails the deploy: a status GitHub refuses is reported as one line.
/// </summary>
public interface IGitHubDeploymentRecorder
{
    Task InProgressAsync(CancellationToken cancellationToken);

    /// <summary>Success, with the URL users reach.</summary>
    Task SucceededAsync(Uri? environmentUrl, CancellationToken cancellationToken);

    /// <summary>Failure, with why (the rollback reason).</summary>
    Task FailedAsync(string reason, CancellationToken cancellationToken);
}
