namespace Pipeline.Testing.Workflows.Runner;

/// <summary>One job's place in a concurrency group: pending until it runs, cancelled when a newer job takes its place.</summary>
public sealed class ConcurrencyTicket : IDisposable
{
    private readonly ConcurrencyGroups.Group _group;
    private readonly object _lock;
    private readonly CancellationTokenSource _superseded = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ConcurrencyTicket(ConcurrencyGroups.Group group, object lockObject, string job)
    {
        _group = group;
        _lock = lockObject;
        Job = job;
    }

    public string Job { get; }

    public string Group => _group.Name;

    /// <summary>Cancelled when a newer job of the group took this pending job's place.</summary>
    public CancellationToken Superseded => _superseded.Token;

    /// <summary>What GitHub logs for a pending job a newer one replaced.</summary>
    public string CancelledMessage => $"Canceling since a higher priority waiting request for '{Group}' exists";

    /// <summary>Returns once this job runs in its group: no job of the group runs and it is still the pending one.</summary>
    public async Task RunWhenFreeAsync(CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _superseded.Token);
        while (true)
        {
            Task released;
            lock (_lock)
            {
                _superseded.Token.ThrowIfCancellationRequested();
                if (_group.Running is null)
                {
                    _group.Running = this;
                    _group.Pending = null;
                    return;
                }

                released = _group.Running._released.Task;
            }

            await released.WaitAsync(waiting.Token);
        }
    }

    /// <summary>Leaves the group: a running job frees it for the pending one; a pending job is no longer pending.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_group.Running == this)
            {
                _group.Running = null;
                _released.TrySetResult();
            }
            else if (_group.Pending == this)
            {
                _group.Pending = null;
            }
        }

        _superseded.Dispose();
    }

    internal void Supersede() => _superseded.Cancel();
}
