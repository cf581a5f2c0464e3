using Pipeline.Aws;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Lambda.Ledger;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// The environment's alias as this process last read or wrote it: where production goes (primary version, the weight
/// of one more) and, in its description, the environment's lock and history. Every write carries the RevisionId last
/// seen, so a change made meanwhile by anyone else fails instead of being overwritten; writes of this process (weights,
/// history, heartbeats) go one at a time.
/// </summary>
internal sealed class FunctionAlias(LambdaClient lambda, LambdaPlatformSettings settings, LambdaErrors errors) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The alias as last seen; null while it does not exist (before the first deploy's production shift).</summary>
    public AliasConfiguration? Current { get; private set; }

    /// <summary>The lock and history: as read from the description, plus what this process changed.</summary>
    public AliasLedgerState State { get; private set; } = AliasLedgerState.Empty;

    /// <summary>Tells this holder's lock from another's in the same process.</summary>
    public string Nonce { get; } = AliasLock.NewNonce();

    /// <summary>Whether <paramref name="held"/> is this holder's.</summary>
    public bool Holds(AliasLock? held) => held is not null && held.Nonce == Nonce && held.ProcessId == System.Environment.ProcessId;

    public string? PrimaryVersion => Current?.FunctionVersion;

    /// <summary>The additional version and its weight (0..1) while traffic is split; null otherwise.</summary>
    public (string Version, double Weight)? Additional =>
        Current?.RoutingConfig?.AdditionalVersionWeights is { Count: > 0 } weights ? (weights.First().Key, weights.First().Value) : null;

    public async Task<AliasConfiguration?> RefreshAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await ReadAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Writes <paramref name="mine"/> as the environment's lock unless a live holder has it (returns that holder, or
    /// null once the lock is this process's). A concurrent writer makes this re-read and decide again.
    /// </summary>
    public async Task<AliasLock?> TryLockAsync(AliasLock mine, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                await ReadAsync(cancellationToken);
                if (State.Lock is { } held && !Holds(held) && !held.IsStale(settings.LockLease, DateTimeOffset.UtcNow))
                {
                    return held;
                }

                try
                {
                    await WriteAsync(State with { Lock = mine }, cancellationToken);
                    return null;
                }
                catch (AwsException e) when (LambdaErrors.IsStale(e))
                {
                    // another deploy wrote the alias between our read and write: read again
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Changes the lock or history; written to the alias when it exists (kept here until the first deploy creates it).</summary>
    public async Task UpdateStateAsync(Func<AliasLedgerState, AliasLedgerState> change, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await errors.CallAsync(async () =>
            {
                await WriteAsync(change(State), cancellationToken);
                return true;
            });
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Points the alias at <paramref name="primary"/> with <paramref name="routing"/> (creating it on a first deploy).</summary>
    public async Task RouteAsync(string primary, AliasRoutingConfiguration routing, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            Current = await errors.CallAsync(() => Current is null
                ? lambda.CreateAliasAsync(new CreateAliasRequest
                {
                    FunctionName = settings.FunctionName,
                    Name = settings.Alias,
                    FunctionVersion = primary,
                    Description = State.Format(),
                    RoutingConfig = routing.AdditionalVersionWeights is { Count: > 0 } ? routing : null,
                }, cancellationToken)
                : lambda.UpdateAliasAsync(new UpdateAliasRequest
                {
                    FunctionName = settings.FunctionName,
                    Name = settings.Alias,
                    FunctionVersion = primary,
                    RoutingConfig = routing,
                    Description = State.Format(),
                    RevisionId = Current.RevisionId,
                }, cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<AliasConfiguration?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Current = await lambda.GetAliasAsync(new GetAliasRequest { FunctionName = settings.FunctionName, Name = settings.Alias }, cancellationToken);
        }
        catch (AwsException e) when (LambdaErrors.IsNotFound(e))
        {
            Current = null;
        }
        catch (AwsException e)
        {
            throw new DeployException(errors.Line(e), e);
        }

        var read = AliasLedgerState.Parse(Current?.Description);
        // Before the alias exists, what this process recorded is all there is.
        State = Current is null ? State : read;
        return Current;
    }

    private async Task WriteAsync(AliasLedgerState state, CancellationToken cancellationToken)
    {
        if (Current is null || state.Format() == Current.Description)
        {
            State = state;
            return;
        }

        Current = await lambda.UpdateAliasAsync(new UpdateAliasRequest
        {
            FunctionName = settings.FunctionName,
            Name = settings.Alias,
            Description = state.Format(),
            RevisionId = Current.RevisionId,
        }, cancellationToken);
        State = state;
    }
}
