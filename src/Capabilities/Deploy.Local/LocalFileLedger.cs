using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Ledger;

namespace Pipeline.Deploy.Local;

/// <summary>
/// The ledger of an environment that runs on this machine: the deploy lock is an OS file lock in the environment's
/// folder (a killed holder releases it) and the records are one JSON file per deployment in <c>deployments/</c>.
/// </summary>
public sealed class LocalFileLedger(LocalEnvironmentFolder folder, ILogger logger) : IDeploymentLedger
{
    public string Environment => folder.Name;

    public async Task<IAsyncDisposable> LockAsync(string purpose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await folder.LockAsync(purpose, TimeSpan.Zero, cancellationToken);
        }
        catch (EnvironmentLockedException) when (timeout > TimeSpan.Zero)
        {
            var holder = DeploymentLock.LiveHolder(folder.Directory);
            logger.LogInformation("Waiting up to {Seconds:0.#}s for the lock of environment '{Environment}', held by {Holder}",
                timeout.TotalSeconds, folder.Name, holder is null ? "another deploy" : $"'{holder.Purpose}' (pid {holder.ProcessId} on {holder.Host})");
            return await folder.LockAsync(purpose, timeout, cancellationToken);
        }
    }

    public Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult(folder.History.List());

    public Task SaveAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        folder.History.Save(record);
        return Task.CompletedTask;
    }
}
