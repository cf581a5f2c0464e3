using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Ledger;

namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>
/// The ledger of an environment on Lambda, kept on Lambda itself: the lock is a lease in the alias's description
/// (written only with the RevisionId last read, so two deploys cannot both take it; renewed by a heartbeat; taken over
/// once its holder's lease ran out or, on the same machine, its process is gone), and the records are rebuilt from
/// the alias's history entries and the descriptions of the versions they name. Every CI runner sees the same lock and
/// history; the deploying machine keeps nothing.
/// </summary>
internal sealed class AliasLedger(string environment, FunctionAlias alias, FunctionVersions versions, LambdaPlatformSettings settings, ILogger logger)
    : IDeploymentLedger
{
    private readonly Dictionary<long, DeploymentRecord> saved = [];

    public string Environment => environment;

    public async Task<IAsyncDisposable> LockAsync(string purpose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var waiting = false;
        while (true)
        {
            var mine = new AliasLock(purpose, System.Environment.ProcessId, System.Environment.MachineName, DateTimeOffset.UtcNow, alias.Nonce);
            var holder = await alias.TryLockAsync(mine, cancellationToken);
            if (holder is null)
            {
                return new Lease(alias, settings.LockLease, logger);
            }

            var age = (DateTimeOffset.UtcNow - holder.Heartbeat).TotalSeconds;
            if (clock.Elapsed >= timeout)
            {
                throw new EnvironmentLockedException(string.Create(CultureInfo.InvariantCulture,
                    $"environment '{environment}' is held by {holder} on alias {settings.FunctionName}:{settings.Alias} (heartbeat {age:0} s ago): wait until it ends, or until its {settings.LockLease.TotalSeconds:0} s lease runs out if it died"));
            }

            if (!waiting)
            {
                logger.LogInformation("Waiting for {Holder}, which holds {Environment} on alias {Function}:{Alias}", holder, environment, settings.FunctionName, settings.Alias);
                waiting = true;
            }

            await Task.Delay(settings.PollInterval, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await alias.RefreshAsync(cancellationToken);
        var state = alias.State;
        var known = await versions.ListAsync(cancellationToken);
        return [.. state.Entries.Select(e => saved.GetValueOrDefault(e.Started.ToUnixTimeMilliseconds()) ?? Rebuild(e, state.Lock, known))];
    }

    public async Task SaveAsync(DeploymentRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var started = record.StartedAt.ToUnixTimeMilliseconds();
        saved[started] = record;
        var entry = new LedgerEntry(DateTimeOffset.FromUnixTimeMilliseconds(started), record.Kind, FunctionVersions.VersionOf(record.Release.Source), record.Outcome);
        await alias.UpdateStateAsync(s => s.With(entry), cancellationToken);
    }

    private DeploymentRecord Rebuild(LedgerEntry entry, AliasLock? held, IReadOnlyDictionary<string, FunctionVersion> known)
    {
        var version = entry.Version is { } v ? known.GetValueOrDefault(v) : null;
        var label = version?.Description?.Label ?? "unknown";
        var running = entry.Outcome == DeploymentOutcome.InProgress ? held : null;
        return new DeploymentRecord
        {
            Id = $"{entry.Started.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{label}",
            Environment = environment,
            Platform = settings.Platform,
            Kind = entry.Kind,
            Release = new Release(label, version?.Arn ?? settings.FunctionName, version?.Description?.Commit, version?.Description?.Digest),
            Initiator = "unknown",
            Host = running?.Host ?? "unknown",
            ProcessId = running?.ProcessId ?? 0,
            StartedAt = entry.Started,
            FinishedAt = entry.Outcome == DeploymentOutcome.InProgress ? null : entry.Started,
            Outcome = entry.Outcome,
        };
    }

    /// <summary>The held lock: renewed every third of its lease until disposed, then released.</summary>
    private sealed class Lease : IAsyncDisposable
    {
        private readonly FunctionAlias alias;
        private readonly ILogger logger;
        private readonly CancellationTokenSource stop = new();
        private readonly Task heartbeat;

        public Lease(FunctionAlias alias, TimeSpan lease, ILogger logger)
        {
            this.alias = alias;
            this.logger = logger;
            heartbeat = BeatAsync(lease / 3, stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await heartbeat;
            stop.Dispose();
            try
            {
                await alias.UpdateStateAsync(s => alias.Holds(s.Lock) ? s with { Lock = null } : s, CancellationToken.None);
            }
            catch (DeployException e)
            {
                logger.LogWarning("Could not release the lock on the alias (its lease runs out by itself): {Error}", e.Message);
            }
        }

        private async Task BeatAsync(TimeSpan every, CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(every, cancellationToken);
                    await alias.UpdateStateAsync(
                        s => s.Lock is { } held && alias.Holds(held) ? s with { Lock = held with { Heartbeat = DateTimeOffset.UtcNow } } : s, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                // released
            }
            catch (DeployException e)
            {
                logger.LogWarning("Lock heartbeat on the alias failed: {Error}", e.Message);
            }
        }
    }
}
