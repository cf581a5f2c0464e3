namespace Pipeline.Engine.Graph;

/// <summary>
/// The validated target graph and its planner. Ordering rules, as in NUKE:
/// <list type="bullet">
/// <item><c>DependsOn(X)</c>: X is scheduled and runs first.</item>
/// <item><c>After(X)</c> / <c>Before(X)</c>: ordering only, when both are scheduled; nothing is pulled in.</item>
/// <item><c>Triggers(X)</c> / <c>TriggeredBy</c>: X is scheduled when the trigger is, and runs after it.</item>
/// </list>
/// Among targets free to run, the order is the depth-first order of the invocation, dependencies in declaration order,
/// so the same command always gives the same plan.
/// </summary>
public sealed class TargetGraph
{
    private readonly Dictionary<string, TargetInfo> _byName;
    private readonly Dictionary<string, List<string>> _triggeredBy;

    public TargetGraph(IEnumerable<TargetInfo> targets)
    {
        Targets = [.. targets];
        _byName = new Dictionary<string, TargetInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in Targets)
        {
            if (!_byName.TryAdd(target.Name, target))
            {
                throw new TargetGraphException($"Target '{target.Name}' is declared twice; target names must be unique.");
            }
        }

        foreach (var target in Targets)
        {
            CheckReferences(target, "depends on", target.DependsOn);
            CheckReferences(target, "runs after", target.After);
            CheckReferences(target, "runs before", target.Before);
            CheckReferences(target, "triggers", target.Triggers);
            CheckReferences(target, "is triggered by", target.TriggeredBy);
        }

        _triggeredBy = Targets.ToDictionary(t => t.Name, _ => new List<string>(), StringComparer.OrdinalIgnoreCase);
        foreach (var target in Targets)
        {
            foreach (var triggered in target.Triggers)
            {
                AddOnce(_triggeredBy[triggered], target.Name);
            }

            foreach (var trigger in target.TriggeredBy)
            {
                AddOnce(_triggeredBy[target.Name], Canonical(trigger));
            }
        }

        CheckCycles();
    }

    /// <summary>All targets in declaration order.</summary>
    public IReadOnlyList<TargetInfo> Targets { get; }

    public TargetInfo this[string name] =>
        _byName.TryGetValue(name, out var target)
            ? target
            : throw new TargetGraphException(
                $"Unknown target '{name}'.{NameSuggestion.Hint(name, Targets.Select(t => t.Name))} Run --help to list targets.");

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// The execution order for the invoked targets: their DependsOn closure plus triggered targets, ordered by every
    /// relation; <paramref name="skipped"/> targets are left out of the result (their own dependencies still run).
    /// </summary>
    public IReadOnlyList<string> Plan(IEnumerable<string> invoked, IEnumerable<string>? skipped = null)
    {
        var roots = invoked.Select(name => this[name].Name).ToList();
        var skip = new HashSet<string>((skipped ?? []).Select(name => this[name].Name), StringComparer.OrdinalIgnoreCase);
        var scheduled = Schedule(roots);

        var order = new List<string>();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var root in roots.Concat(Targets.Select(t => t.Name).Where(scheduled.Contains)))
        {
            Visit(root, scheduled, visited, order);
        }

        return [.. order.Where(name => !skip.Contains(name))];
    }

    /// <summary>The targets that must run before <paramref name="name"/> when all of <paramref name="scheduled"/> run.</summary>
    public IEnumerable<string> Predecessors(string name, IReadOnlySet<string> scheduled)
    {
        var target = this[name];
        foreach (var dependency in target.DependsOn)
        {
            yield return Canonical(dependency);
        }

        foreach (var after in target.After.Select(Canonical).Where(scheduled.Contains))
        {
            yield return after;
        }

        foreach (var trigger in _triggeredBy[target.Name].Where(scheduled.Contains))
        {
            yield return trigger;
        }

        foreach (var other in Targets)
        {
            if (scheduled.Contains(other.Name) && other.Before.Any(b => string.Equals(b, target.Name, StringComparison.OrdinalIgnoreCase)))
            {
                yield return other.Name;
            }
        }
    }

    private HashSet<string> Schedule(List<string> roots)
    {
        var scheduled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(Enumerable.Reverse(roots));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!scheduled.Add(name))
            {
                continue;
            }

            var target = _byName[name];
            foreach (var next in target.DependsOn.Concat(target.Triggers).Select(Canonical))
            {
                pending.Push(next);
            }

            foreach (var other in Targets.Where(t => t.TriggeredBy.Any(by => string.Equals(by, name, StringComparison.OrdinalIgnoreCase))))
            {
                pending.Push(other.Name);
            }
        }

        return scheduled;
    }

    private void Visit(string name, HashSet<string> scheduled, HashSet<string> visited, List<string> order)
    {
        if (!visited.Add(name))
        {
            return;
        }

        foreach (var predecessor in Predecessors(name, scheduled))
        {
            Visit(predecessor, scheduled, visited, order);
        }

        order.Add(name);
    }

    private void CheckCycles()
    {
        var all = new HashSet<string>(Targets.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
        var state = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase); // 1 = on the path, 2 = done
        var path = new List<string>();

        void Walk(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var predecessor in Predecessors(name, all))
            {
                var seen = state.TryGetValue(predecessor, out var mark) ? mark : 0;
                if (seen == 1)
                {
                    var cycle = path.Skip(path.FindIndex(p => string.Equals(p, predecessor, StringComparison.OrdinalIgnoreCase)))
                        .Append(predecessor);
                    throw new TargetGraphException(
                        $"Target graph has a cycle: {string.Join(" → ", cycle)} (each must run after the next). Remove one of these relations.");
                }

                if (seen == 0)
                {
                    Walk(predecessor);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }

        foreach (var target in Targets)
        {
            if (!state.ContainsKey(target.Name))
            {
                Walk(target.Name);
            }
        }
    }

    private void CheckReferences(TargetInfo target, string relation, IEnumerable<string> names)
    {
        foreach (var name in names.Where(n => !_byName.ContainsKey(n)))
        {
            throw new TargetGraphException(
                $"Target '{target.Name}' {relation} unknown target '{name}'.{NameSuggestion.Hint(name, _byName.Keys)}");
        }
    }

    private string Canonical(string name) => _byName[name].Name;

    private static void AddOnce(List<string> list, string item)
    {
        if (!list.Contains(item, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(item);
        }
    }
}
