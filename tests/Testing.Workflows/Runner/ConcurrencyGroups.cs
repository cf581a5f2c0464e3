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
