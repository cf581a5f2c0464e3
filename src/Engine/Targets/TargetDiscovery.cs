using System.Reflection;
using Pipeline.Engine.Graph;

namespace Pipeline.Engine.Targets;

/// <summary>
/// Finds the targets of a build: properties of type <see cref="Target"/> on the class and default implementations on
/// the component interfaces it implements. A class property wins over a component's property of the same name. The
/// properties come from the build's generated <see cref="BuildModel"/> when it has one, otherwise from reflection.
/// </summary>
public static class TargetDiscovery
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<ExecutableTarget> Discover(object build)
    {
        var delegates = new List<(string Name, Target Target)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var property in BuildModel.For(build.GetType())?.Targets ?? Reflect(build.GetType()))
        {
            if (names.Add(property.Name) && property.Get(build) is { } target)
            {
                delegates.Add((property.Name, target));
            }
        }

        // A loop, not FirstOrDefault over the tuples: LINQ over a struct is compiled by the JIT on every start.
        string NameOf(Target target, string referrer)
        {
            foreach (var (name, candidate) in delegates)
            {
                if (candidate.Equals(target))
                {
                    return name;
                }
            }

            throw new TargetGraphException(
                $"Target '{referrer}' refers to a target that is not a property of the build (declare it as 'Target X => _ => ...').");
        }

        var result = new List<ExecutableTarget>();
        foreach (var (name, target) in delegates)
        {
            var definition = new TargetDefinition(build);
            target(definition);
            var info = new TargetInfo(name)
            {
                Description = definition.DescriptionText,
                DependsOn = [.. definition.DependsOnTargets.Select(t => NameOf(t, name))],
                After = [.. definition.AfterTargets.Select(t => NameOf(t, name))],
                Before = [.. definition.BeforeTargets.Select(t => NameOf(t, name))],
                Triggers = [.. definition.TriggersTargets.Select(t => NameOf(t, name))],
                TriggeredBy = [.. definition.TriggeredByTargets.Select(t => NameOf(t, name))],
                Unlisted = definition.IsUnlisted,
                ProceedAfterFailure = definition.IsProceedAfterFailure,
                AssuredAfterFailure = definition.IsAssuredAfterFailure,
                Produces = [.. definition.ProducedPaths],
                Consumes = [.. definition.ConsumedPaths],
                RequiredParameters = [.. definition.RequiredParameters.Select(r => r.MemberName).OfType<string>()],
            };
            result.Add(new ExecutableTarget(info, target, definition));
        }

        return result;
    }

    /// <summary>The name of a discovered target's delegate, or null when it is not one of them.</summary>
    public static string? NameOf(IEnumerable<ExecutableTarget> targets, Target target) =>
        targets.FirstOrDefault(t => t.Delegate.Equals(target))?.Name;

    /// <summary>The target properties of <paramref name="type"/> found by reflection, in the order the generator lists them.</summary>
    internal static IReadOnlyList<TargetProperty> Reflect(Type type) =>
    [
        .. ClassProperties(type).Concat(InterfaceProperties(type)).Select(property =>
            new TargetProperty(property.Name[(property.Name.LastIndexOf('.') + 1)..], build => (Target?)property.GetValue(build))),
    ];

    private static IEnumerable<PropertyInfo> ClassProperties(Type type)
    {
        var chain = new List<Type>();
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        return chain.SelectMany(t => t.GetProperties(Members | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0);
    }

    private static IEnumerable<PropertyInfo> InterfaceProperties(Type type) =>
        type.GetInterfaces()
            .SelectMany(i => i.GetProperties(Members | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is { IsStatic: false });
}
