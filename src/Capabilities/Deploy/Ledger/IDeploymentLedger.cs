namespace Pipeline.Deploy.Ledger;

/// <summary>
/// Where an environment's deploy lock and deployment records live. The engine knows only this port: the local platforms
/// keep both in files on the deploying machine (<c>.pipeline/environments/&lt;name&gt;/</c>); a platform Pipeline drives
/// in the cloud keeps them in the cloud, so every CI runner sees the same lock and history.
/// </summary>
public interface IDeploymentLedger
{
    /// <summary>The environment's declared name.</summary>
    string Environment { get; }

    /// <summary>
    /// Takes the environment's exclusive lock for <paramref name="purpose"/>, waiting up to <paramref name="timeout"/>
    /// while another deploy holds it (saying so), then throws <see cref="EnvironmentLockedException"/> naming the holder.
    /// A holder that dies must release the lock by itself (an OS file lock, a lease that expires).
    /// </summary>
    Task<IAsyncDisposable> LockAsync(string purpose, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Every readable record of the environment, oldest first.</summary>
    Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Writes (or overwrites, by <see cref="DeploymentRecord.Id"/>) one record.</summary>
    Task SaveAsync(DeploymentRecord record, CancellationToken cancellationToken);
}
