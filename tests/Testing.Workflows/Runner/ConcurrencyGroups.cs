namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// A repository's job concurrency groups as GitHub documents them (<c>cancel-in-progress: false</c>, the default
/// <c>queue: single</c>): at most one job of a group runs and at most one more is pending; when another job of the group
/// is queued, the pending one is cancelled and the new one takes its place. A job is pending from when it is queued until
/// it starts running — a job waiting for an environment's reviewers included. Group names are case-insensitive. Shared
/// by the runs of one repository (<see cref="RunnerSettings.Concurrency"/>), as GitHub's groups span runs.
/// </summary>
public sealed class ConcurrencyGroups
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Queues <paramref name="job"/> in <paramref name="group"/>: the job pending there until then is cancelled.</summary>
    public ConcurrencyTicket Queue(string group, string job)
    {
        lock (_groups)
        {
            if (!_groups.TryGetValue(group, out var state))
            {
                _groups[group] = state = new Group(group);
            }

            state.Pending?.Supersede();
            return state.Pending = new ConcurrencyTicket(state, _groups, job);
        }
    }

    internal sealed class Group(string name)
    {
        public string Name { get; } = name;

        public ConcurrencyTicket? Running { get; set; }

        public ConcurrencyTicket? Pending { get; set; }
    }
}

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
