namespace Pipeline.Components.Services;

/// <summary>The declared services checked as a whole, and the order <c>Deploy</c> takes them in.</summary>
public static class ServiceOrder
{
    /// <summary>
    /// Null when every service is valid, names are unique, every <see cref="ServiceDeclaration.DeploysAfter"/> names a
    /// declared service and the order has no cycle; otherwise one line saying what is wrong.
    /// </summary>
    public static string? Validate(IReadOnlyList<ServiceDeclaration> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Count == 0)
        {
            return "the build declares no services: add at least one to Services in the build class";
        }

        if (services.Select(s => s.Validate()).FirstOrDefault(e => e is not null) is { } invalid)
        {
            return invalid;
        }

        if (services.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return $"service '{duplicate.Key}' is declared {duplicate.Count()} times: give each its own name";
        }

        var names = services.Select(s => s.Name).ToHashSet();
        foreach (var service in services)
        {
            if (service.DeploysAfter.FirstOrDefault(n => !names.Contains(n)) is { } unknown)
            {
                return $"service '{service.Name}' deploys after '{unknown}', which is not declared: the build declares {string.Join(", ", names)}";
            }
        }

        return FindCycle(services) is { } cycle ? $"services deploy after each other in a cycle: {string.Join(" → ", cycle)}; break it in DeploysAfter" : null;
    }

    /// <summary>
    /// <paramref name="selected"/> (all when null) in deploy order: each after the services it deploys after, otherwise
    /// in declaration order. Assumes <see cref="Validate"/> passed.
    /// </summary>
    public static IReadOnlyList<ServiceDeclaration> DeployOrder(IReadOnlyList<ServiceDeclaration> services, IReadOnlyCollection<string>? selected = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var ordered = new List<ServiceDeclaration>();
        var placed = new HashSet<string>();
        while (ordered.Count < services.Count)
        {
            var next = services.FirstOrDefault(s => !placed.Contains(s.Name) && s.DeploysAfter.All(placed.Contains))
                ?? throw new InvalidOperationException("the services deploy after each other in a cycle");
            ordered.Add(next);
            placed.Add(next.Name);
        }

        return selected is null ? ordered : [.. ordered.Where(s => selected.Contains(s.Name))];
    }

    /// <summary>The services of one cycle (the first closing again), or null.</summary>
    private static IReadOnlyList<string>? FindCycle(IReadOnlyList<ServiceDeclaration> services)
    {
        var byName = services.ToDictionary(s => s.Name);
        var done = new HashSet<string>();
        var path = new List<string>();

        IReadOnlyList<string>? Visit(string name)
        {
            if (path.IndexOf(name) is var at and >= 0)
            {
                return [.. path[at..], name];
            }

            if (!done.Add(name))
            {
                return null;
            }

            path.Add(name);
            foreach (var before in byName[name].DeploysAfter)
            {
                if (Visit(before) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return services.Select(s => Visit(s.Name)).FirstOrDefault(c => c is not null);
    }
}
