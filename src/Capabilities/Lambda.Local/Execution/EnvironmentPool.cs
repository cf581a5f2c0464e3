using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Lambda.Local.Functions;
using Pipeline.Lambda.Local.Protocol;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// The execution environments of one version of a function (of one code and configuration: a <c>$LATEST</c> that changes
/// gets a new pool) and the invocations waiting for them. An invocation that finds no waiting environment starts one, up
/// to <see cref="LambdaLocalOptions.MaxEnvironments"/>; environments stay warm until idle too long or retired.
/// </summary>
internal sealed class EnvironmentPool(string functionName, VersionConfig config, EnvironmentServices services)
{
    private readonly Channel<Invocation> queue = Channel.CreateUnbounded<Invocation>();
    private readonly Lock gate = new();
    private readonly List<ExecutionEnvironment> environments = [];

    public string FunctionName { get; } = functionName;

    /// <summary>The configuration this pool runs (a copy: the function may move on).</summary>
    public VersionConfig Config { get; } = config;

    public string Key { get; } = config.EnvironmentKey();

    /// <summary>Set once the function's code or configuration moved on: environments stop when they are idle.</summary>
    public bool Retired { get; private set; }

    public int Backlog => queue.Reader.Count;

    public bool IsEmpty
    {
        get
        {
            lock (gate)
            {
                return environments.Count == 0 && queue.Reader.Count == 0;
            }
        }
    }

    /// <summary>Queues an invocation; it fails when no environment takes it within the function's timeout plus the init limit.</summary>
    public void Submit(Invocation invocation)
    {
        var limit = TimeSpan.FromSeconds(Config.Timeout) + EnvironmentServices.InitTimeout;
        AfterDelayUnlessEnded(invocation, limit, () =>
        {
            if (!invocation.IsDispatched)
            {
                invocation.Fail(LambdaException.Service(
                    $"The local Lambda found no execution environment for {FunctionName}:{Config.Version} within {limit.TotalSeconds:0} s ({Describe()})."));
            }
        });
        queue.Writer.TryWrite(invocation);
        EnsureCapacity();
    }

    /// <summary>The next invocation for <paramref name="environment"/> (its runtime's <c>next</c>); starts the invocation's timeout.</summary>
    public async Task<Invocation> TakeAsync(ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        environment.MarkWaiting();
        while (true)
        {
            var invocation = await queue.Reader.ReadAsync(cancellationToken);
            var timeout = TimeSpan.FromSeconds(Config.Timeout);
            if (!invocation.Dispatch(timeout))
            {
                continue;
            }

            if (!environment.MarkBusy(invocation))
            {
                GiveBack(environment, invocation);
                throw new OperationCanceledException("the environment stopped");
            }

            WatchTimeout(environment, invocation, timeout);
            return invocation;
        }
    }

    /// <summary>An invocation its environment could not take after all goes back in line.</summary>
    public void GiveBack(ExecutionEnvironment environment, Invocation invocation)
    {
        environment.Finished(invocation);
        invocation.Undispatch();
        if (!invocation.IsDone)
        {
            queue.Writer.TryWrite(invocation);
            EnsureCapacity();
        }
    }

    /// <summary>The runtime reported an init error: the environment ends, and the invocation waiting first gets the error.</summary>
    public void InitFailed(ExecutionEnvironment environment, byte[] body, string errorType)
    {
        services.Logger.LogWarning("{Function}:{Version} environment {Id}: init error {ErrorType}", FunctionName, Config.Version, environment.Id, errorType);
        environment.StopInBackground(null);
        FailOneWaiting(_ => new InvocationResult(body, errorType, TimeSpan.Zero));
    }

    /// <summary>Starts an environment when invocations wait and none is free or starting for them.</summary>
    public void EnsureCapacity()
    {
        ExecutionEnvironment environment;
        lock (gate)
        {
            var free = environments.Count(e => e.Status is EnvironmentStatus.Waiting or EnvironmentStatus.Starting);
            var alive = environments.Count(e => e.Status != EnvironmentStatus.Stopped);
            if (queue.Reader.Count <= free || alive >= services.Options.MaxEnvironments)
            {
                return;
            }

            environment = new ExecutionEnvironment(this, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), services);
            environments.Add(environment);
        }

        services.Run(ct => StartAsync(environment, 0, null, ct));
    }

    /// <summary>Takes over a running container of this pool found after a restart: its runtime reconnects to the same port.</summary>
    public async Task AdoptAsync(string containerId, string environmentId, int port, CancellationToken cancellationToken)
    {
        var environment = new ExecutionEnvironment(this, environmentId, services);
        lock (gate)
        {
            environments.Add(environment);
        }

        await StartAsync(environment, port, containerId, cancellationToken);
    }

    public void Retire() => Retired = true;

    /// <summary>
    /// One look at the environments against the engine's containers: dead runtimes fail their invocation, init and idle
    /// limits are applied, a retired pool stops its idle environments, and the backlog gets capacity.
    /// </summary>
    public async Task MonitorAsync(IReadOnlyDictionary<string, ContainerListResponse> containers, DateTimeOffset listedAt, CancellationToken cancellationToken)
    {
        List<ExecutionEnvironment> snapshot;
        lock (gate)
        {
            environments.RemoveAll(e => e.Status == EnvironmentStatus.Stopped);
            snapshot = [.. environments];
        }

        foreach (var environment in snapshot)
        {
            if (environment.ContainerId is { } id && environment.Since < listedAt
                && (!containers.TryGetValue(id, out var container) || container.State is not ("running" or "created" or "restarting")))
            {
                var code = await services.Containers.ExitCodeAsync(id, cancellationToken);
                var reason = $"Runtime exited with error: exit status {code?.ToString(CultureInfo.InvariantCulture) ?? "unknown (container removed)"}";
                services.Logger.LogWarning("{Function}:{Version} environment {Id}: {Reason}", FunctionName, Config.Version, environment.Id, reason);
                var starting = environment.Status == EnvironmentStatus.Starting;
                await environment.StopAsync(i => InvocationResult.Failure(i.RequestId, "Runtime.ExitError", reason, i.Elapsed), cancellationToken);
                if (starting)
                {
                    FailOneWaiting(i => InvocationResult.Failure(i.RequestId, "Runtime.ExitError", reason, TimeSpan.Zero));
                }
            }
            else if (environment.Status == EnvironmentStatus.Starting && DateTimeOffset.UtcNow - environment.Since > EnvironmentServices.InitTimeout)
            {
                var reason = $"Init timed out: the runtime did not ask for an invocation within {EnvironmentServices.InitTimeout.TotalSeconds:0} s";
                await environment.StopAsync(null, cancellationToken);
                FailOneWaiting(i => InvocationResult.Failure(i.RequestId, "Runtime.Unknown", reason, TimeSpan.Zero));
            }
            else if (environment.Status == EnvironmentStatus.Waiting
                && (Retired && queue.Reader.Count == 0 || DateTimeOffset.UtcNow - environment.LastActive > services.Options.IdleTimeout))
            {
                await environment.StopAsync(null, cancellationToken);
            }
        }

        EnsureCapacity();
    }

    /// <summary>Stops every environment and fails what waits for one (down, or the function or version deleted).</summary>
    public async Task StopAllAsync(string reason, CancellationToken cancellationToken)
    {
        List<ExecutionEnvironment> snapshot;
        lock (gate)
        {
            Retired = true;
            snapshot = [.. environments];
            environments.Clear();
        }

        foreach (var environment in snapshot)
        {
            await environment.StopAsync(i => InvocationResult.Failure(i.RequestId, "Runtime.ExitError", reason, i.Elapsed), cancellationToken);
        }

        while (queue.Reader.TryRead(out var waiting))
        {
            waiting.Fail(LambdaException.Service($"{reason}."));
        }
    }

    /// <summary>Closes every environment's Runtime API and leaves the containers running (the server stops, a restart adopts them).</summary>
    public async Task DetachAllAsync()
    {
        List<ExecutionEnvironment> snapshot;
        lock (gate)
        {
            Retired = true;
            snapshot = [.. environments];
            environments.Clear();
        }

        foreach (var environment in snapshot)
        {
            await environment.DetachAsync();
        }
    }

    private async Task StartAsync(ExecutionEnvironment environment, int port, string? containerId, CancellationToken cancellationToken)
    {
        try
        {
            await environment.StartAsync(port, containerId, cancellationToken);
            services.Logger.LogInformation(
                "{Function}:{Version} environment {Id} {How} (runtime API 127.0.0.1:{Port})",
                FunctionName, Config.Version, environment.Id, containerId is null ? "started" : "adopted", environment.Port);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            services.Logger.LogWarning("{Function}:{Version} environment {Id} did not start: {Message}", FunctionName, Config.Version, environment.Id, e.Message);
            await environment.StopAsync(null, CancellationToken.None);
            if (containerId is null)
            {
                FailOneWaiting(i => InvocationResult.Failure(i.RequestId, "Runtime.Unknown", $"the execution environment did not start: {e.Message}", TimeSpan.Zero));
            }
            else
            {
                await services.Containers.RemoveAsync(containerId, CancellationToken.None);
            }
        }
    }

    /// <summary>Ends the invocation waiting first with the failure of the environment that was to run it (so a broken image does not hold the line).</summary>
    private void FailOneWaiting(Func<Invocation, InvocationResult> failure)
    {
        while (queue.Reader.TryRead(out var waiting))
        {
            if (waiting.Complete(failure(waiting)))
            {
                return;
            }
        }
    }

    private string Describe()
    {
        lock (gate)
        {
            return string.Join(", ", environments.GroupBy(e => e.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")) is { Length: > 0 } text
                ? $"environments: {text}"
                : "no environment";
        }
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> unless the invocation has ended by then.</summary>
    private static void AfterDelayUnlessEnded(Invocation invocation, TimeSpan delay, Action action)
    {
        var timer = new CancellationTokenSource(delay);
        var registration = timer.Token.Register(action);
        invocation.Result.ContinueWith(
            _ =>
            {
                registration.Dispose();
                timer.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void WatchTimeout(ExecutionEnvironment environment, Invocation invocation, TimeSpan timeout) => AfterDelayUnlessEnded(invocation, timeout, () =>
    {
        var seconds = timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        if (invocation.Complete(InvocationResult.Failure(invocation.RequestId, "Sandbox.Timedout", $"Task timed out after {seconds} seconds", invocation.Elapsed)))
        {
            services.Logger.LogInformation("{Function}:{Version} invocation {Id} timed out after {Seconds} s", FunctionName, Config.Version, invocation.RequestId, seconds);
            environment.StopInBackground(null);
        }
    });
}
