using Microsoft.AspNetCore.Builder;
using Pipeline.Aws.Local.Hosting;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// One execution environment: a container running the function's image, and the Runtime API it alone talks to (its own
/// loopback port, passed as <c>AWS_LAMBDA_RUNTIME_API</c>), so the local Lambda always knows which invocation a runtime
/// holds. It runs one invocation at a time, as Lambda's do.
/// </summary>
internal sealed class ExecutionEnvironment(EnvironmentPool pool, string id, EnvironmentServices services)
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private WebApplication? runtimeApi;
    private int stopped;

    public string Id { get; } = id;

    public EnvironmentPool Pool { get; } = pool;

    public int Port { get; private set; }

    public string? ContainerId { get; private set; }

    /// <summary>When the container was started or adopted (a container list older than this does not show it yet).</summary>
    public DateTimeOffset Since { get; private set; } = DateTimeOffset.UtcNow;

    public DateTimeOffset LastActive { get; private set; } = DateTimeOffset.UtcNow;

    public EnvironmentStatus Status { get; private set; } = EnvironmentStatus.Starting;

    public Invocation? Current { get; private set; }

    public CancellationToken Stopping => stopping.Token;

    /// <summary>Opens the Runtime API (on <paramref name="port"/>, or one the system picks) and starts the container unless adopted.</summary>
    public async Task StartAsync(int port, string? adoptedContainerId, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.Create(services.Options.StateDirectory, port, services.Loggers);
        RuntimeApi.Map(app, this);
        await app.StartAsync(cancellationToken);
        runtimeApi = app;
        Port = LoopbackWebApp.PortOf(app);
        ContainerId = adoptedContainerId ?? await services.Containers.StartAsync(Pool.FunctionName, Pool.Config, Id, Port, cancellationToken);
        Since = DateTimeOffset.UtcNow;
        if (Volatile.Read(ref stopped) == 1)
        {
            // stopped while starting: what the stop could not see yet goes now
            await services.Containers.RemoveAsync(ContainerId, CancellationToken.None);
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>The runtime asks for work: it waits for the next invocation of its version.</summary>
    public void MarkWaiting()
    {
        lock (gate)
        {
            if (Status != EnvironmentStatus.Stopped)
            {
                Status = EnvironmentStatus.Waiting;
                Current = null;
                LastActive = DateTimeOffset.UtcNow;
            }
        }
    }

    public bool MarkBusy(Invocation invocation)
    {
        lock (gate)
        {
            if (Status == EnvironmentStatus.Stopped)
            {
                return false;
            }

            Status = EnvironmentStatus.Busy;
            Current = invocation;
            return true;
        }
    }

    /// <summary>The invocation of <paramref name="requestId"/> when this environment runs it, else null (a late or foreign id).</summary>
    public Invocation? Running(string requestId)
    {
        lock (gate)
        {
            return Current is { } current && current.RequestId == requestId ? current : null;
        }
    }

    /// <summary>The runtime answered its invocation.</summary>
    public void Finished(Invocation invocation)
    {
        lock (gate)
        {
            if (Current == invocation)
            {
                Current = null;
                LastActive = DateTimeOffset.UtcNow;
            }
        }
    }

    /// <summary>
    /// Stops the environment for good: its invocation (if any) ends with <paramref name="failure"/>, its container is
    /// removed (SIGKILL) and its Runtime API closed.
    /// </summary>
    public async Task StopAsync(Func<Invocation, InvocationResult>? failure, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        Invocation? current;
        lock (gate)
        {
            Status = EnvironmentStatus.Stopped;
            current = Current;
            Current = null;
        }

        if (current is not null && failure is not null)
        {
            current.Complete(failure(current));
        }

        await stopping.CancelAsync();
        if (ContainerId is { } container)
        {
            await services.Containers.RemoveAsync(container, cancellationToken);
        }

        if (runtimeApi is { } app)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Closes the Runtime API and leaves the container running, for the next start of the local Lambda to adopt.</summary>
    public async Task DetachAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        lock (gate)
        {
            Status = EnvironmentStatus.Stopped;
        }

        await stopping.CancelAsync();
        if (runtimeApi is { } app)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>Stops this environment in the background (from a request of its own Runtime API, which the stop closes).</summary>
    public void StopInBackground(Func<Invocation, InvocationResult>? failure) =>
        services.Run(_ => StopAsync(failure, CancellationToken.None));
}
