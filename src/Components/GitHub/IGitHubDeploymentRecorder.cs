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

    /// <summary>Error: the deploy stopped for another reason than a rollback (an exception, a cancel).</summary>
    Task ErrorAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Success of a rollback: the release it put back runs, at the URL users reach.</summary>
    Task PutBackAsync(Uri? environmentUrl, CancellationToken cancellationToken);
}
