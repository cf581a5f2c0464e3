namespace Pipeline.Deploy.Environments;

/// <summary>
/// An environment as its platform owns it: the platform resolves what to deploy (publish folder, image, task
/// definition), places the migrations hook, keeps the deployment history and the deploy lock where they belong (local
/// files for the local platforms, the cloud for a cloud platform), and implements Status and Down. The build's
/// <c>Deploy</c>, <c>Rollback</c>, <c>Status</c> and <c>Down</c> targets call only this.
/// </summary>
public interface IPlatformEnvironment : IAsyncDisposable
{
    /// <summary>The environment's declared name.</summary>
    string Name { get; }

    /// <summary>The platform's short name ("process", "docker", "ecs").</summary>
    string Platform { get; }

    /// <summary>Where production traffic reaches the service, when known.</summary>
    Uri? PublicUrl { get; }

    /// <summary>
    /// Deploys <paramref name="spec"/> blue/green. Returns the record whatever the outcome (a rolled-back deploy is not
    /// <see cref="DeploymentRecord.Succeeded"/>); throws <see cref="DeployException"/> for what stops it before anything
    /// changed (settings, lock, pre-flight checks).
    /// </summary>
    Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Rolls back on demand: stops a deployment in progress, or deploys the previous successful release again.
    /// <paramref name="template"/> supplies smoke tests and timeouts; its version and artefacts are ignored.
    /// </summary>
    Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken);

    /// <summary>
    /// The release production traffic reaches now (its version and, when recorded, its commit), read without changing
    /// anything; null when nothing is deployed or the platform cannot tell. A deploy refuses to put an older build in
    /// its place.
    /// </summary>
    Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken) => Task.FromResult<Release?>(null);

    /// <summary>What runs, the traffic weights, and the last <paramref name="deployments"/> deployments, as text.</summary>
    Task<string> StatusAsync(int deployments, CancellationToken cancellationToken);

    /// <summary>Stops what the environment runs (keeping data and records); returns one entry per thing stopped.</summary>
    Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Down, then deletes the environment's data (its database, volumes, data folder); returns one entry per thing
    /// stopped or deleted, naming it. Platforms whose data lives elsewhere refuse with a <see cref="DeployException"/>.
    /// </summary>
    Task<IReadOnlyList<string>> DownDeletingDataAsync(CancellationToken cancellationToken) =>
        throw new DeploySettingsException($"environment '{Name}' on the {Platform} platform keeps its data where Down cannot delete it");
}
