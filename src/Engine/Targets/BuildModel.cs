using Pipeline.Engine.Parameters;

namespace Pipeline.Engine.Targets;

/// <summary>
/// A build class's target properties and parameter members as Pipeline's source generator (Pipeline.Engine.Generators)
/// listed them at compile time, so that starting a build needs no reflection over the class and its components (which
/// loads every type those members mention). Without a registered model the engine finds the same members by
/// reflection, in the same order; tests hold the two to each other.
/// </summary>
public sealed class BuildModel(IReadOnlyList<TargetProperty> targets, IReadOnlyList<ParameterDescriptor> parameters)
{
    private static readonly Dictionary<Type, Lazy<BuildModel>> Registered = [];
    private static readonly Lock Gate = new();

    /// <summary>Target properties: the class's (base classes first), then the component interfaces'.</summary>
    public IReadOnlyList<TargetProperty> Targets { get; } = targets;

    /// <summary>Parameter members in the same order, before name clashes are settled (the first of a name wins).</summary>
    public IReadOnlyList<ParameterDescriptor> Parameters { get; } = parameters;

    /// <summary>Creates the build (<c>new Build()</c>, without <c>Activator</c>); null when the class has no such constructor.</summary>
    public Func<object>? Create { get; init; }

    /// <summary>Called by generated code (a module initializer) for each build class of an assembly.</summary>
    public static void Register(Type buildType, Func<BuildModel> model)
    {
        ArgumentNullException.ThrowIfNull(buildType);
        ArgumentNullException.ThrowIfNull(model);
        lock (Gate)
        {
            Registered[buildType] = new Lazy<BuildModel>(model);
        }
    }

    /// <summary>The generated model of <paramref name="buildType"/>, or null when none was registered.</summary>
    internal static BuildModel? For(Type buildType)
    {
        Lazy<BuildModel>? model;
        lock (Gate)
        {
            Registered.TryGetValue(buildType, out model);
        }

        return model?.Value;
    }
}

/// <summary>A property of type <see cref="Target"/>: its name (without an interface prefix) and how to read it.</summary>
public sealed record TargetProperty(string Name, Func<object, Target?> Get);
