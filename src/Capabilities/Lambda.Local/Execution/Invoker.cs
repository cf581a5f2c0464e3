using System.Collections.Concurrent;
using System.Globalization;
using Pipeline.Aws.Local.CloudWatch;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.CloudWatch;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// Runs invocations: resolves the qualifier (an alias picks its version by weight), hands the invocation to the pool of
/// that version's code and configuration, and records its metrics when it ends.
/// </summary>
internal sealed class Invoker(LambdaStore store, Arns arns, EnvironmentServices services, MetricStore metrics)
{
    private readonly ConcurrentDictionary<string, EnvironmentPool> pools = new(StringComparer.Ordinal);

    public IEnumerable<EnvironmentPool> Pools => pools.Values;

    /// <summary>
    /// Starts one invocation of <paramref name="function"/> (qualifier: an alias, a version, <c>$LATEST</c> or none) and
    /// returns it with the version it runs; its result is awaited by the caller (or not, for an Event invocation).
    /// </summary>
    public (Invocation Invocation, string ExecutedVersion) Start(string function, string? qualifier, byte[] payload, string? clientContext)
    {
        var (config, executed, invokedArn, viaAlias) = store.Read(d => Resolve(d.Function(function, arns), qualifier));
        var invocation = new Invocation(payload, invokedArn, clientContext);
        // an invocation Lambda could not run (no environment) is not counted, as throttled ones are not
        invocation.Result.ContinueWith(
            t => LambdaMetrics.Record(
                metrics, function, qualifier is null or "$LATEST" ? null : qualifier, viaAlias ? executed : null,
                t.Result.Duration.TotalMilliseconds, t.Result.IsError, DateTimeOffset.UtcNow),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default);
        PoolFor(function, config).Submit(invocation);
        return (invocation, executed);
    }

    /// <summary>Checks an invocation could run (DryRun): the function and qualifier exist and the function is active.</summary>
    public string Check(string function, string? qualifier) => store.Read(d => Resolve(d.Function(function, arns), qualifier)).Executed;

    /// <summary>Retires the pools whose code or configuration is no longer what their version runs (an update, a delete).</summary>
    public void RetireStale()
    {
        foreach (var pool in pools.Values)
        {
            var current = store.Read(d => d.Functions.GetValueOrDefault(pool.FunctionName) is { } f
                ? (pool.Config.Version == "$LATEST" ? f.LatestServing : f.Version(pool.Config.Version))?.EnvironmentKey()
                : null);
            if (current != pool.Key)
            {
                pool.Retire();
            }

            if (pool.Retired && pool.IsEmpty)
            {
                pools.TryRemove(KeyValuePair.Create(pool.FunctionName + "\n" + pool.Key, pool));
            }
        }
    }

    /// <summary>Stops the environments of a function (deleted) or of one of its versions.</summary>
    public async Task StopFunctionAsync(string function, string? version, CancellationToken cancellationToken)
    {
        foreach (var pool in pools.Values.Where(p => p.FunctionName == function && (version is null || p.Config.Version == version)).ToList())
        {
            await pool.StopAllAsync($"The function {function} was deleted", cancellationToken);
        }

        RetireStale();
    }

    /// <summary>The pool of a version's configuration; a found container of it is adopted there after a restart.</summary>
    public EnvironmentPool PoolFor(string function, VersionConfig config) =>
        pools.GetOrAdd(function + "\n" + config.EnvironmentKey(), _ => new EnvironmentPool(function, config.Copy(config.Version), services));

    /// <summary>The configuration an adopted container belongs to, when its function still runs that (else null: remove it).</summary>
    public VersionConfig? CurrentConfig(string function, string version, string key) => store.Read(d =>
        d.Functions.GetValueOrDefault(function) is { } f
        && (version == "$LATEST" ? f.LatestServing : f.Version(version)) is { } config && config.EnvironmentKey() == key
            ? config.Copy(config.Version)
            : null);

    private (VersionConfig Config, string Executed, string InvokedArn, bool ViaAlias) Resolve(FunctionState function, string? qualifier)
    {
        if (function.Latest.State is "Pending" or "Failed" or "Inactive")
        {
            throw LambdaException.NotActive(function.Latest.State);
        }

        if (qualifier is null or "$LATEST")
        {
            return (function.LatestServing, "$LATEST", qualifier is null ? function.Arn : arns.Qualified(function.Name, qualifier), false);
        }

        if (int.TryParse(qualifier, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            var version = function.Version(qualifier) ?? throw LambdaException.NotFound($"Function not found: {arns.Qualified(function.Name, qualifier)}");
            return (version, qualifier, arns.Qualified(function.Name, qualifier), false);
        }

        var alias = function.Aliases.GetValueOrDefault(qualifier) ?? throw LambdaException.NotFound($"Function not found: {arns.Qualified(function.Name, qualifier)}");
        var routed = AliasRouting.Route(alias, Random.Shared.NextDouble());
        var config = routed == "$LATEST" ? function.LatestServing : function.Version(routed)!;
        return (config, routed, arns.Qualified(function.Name, qualifier), true);
    }
}
