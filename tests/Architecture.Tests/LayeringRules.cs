namespace Pipeline.Architecture.Tests;

/// <summary>
/// The layering of src/ as rules over its project references: each broken rule is one line naming the reference and
/// the rule. A project's layer follows from its name, so a new platform or stand-in is covered without editing this.
/// </summary>
public static class LayeringRules
{
    /// <summary>The capabilities allowed to know the engine: workflow generation reads the target graph.</summary>
    private static readonly HashSet<string> EngineAware = new(StringComparer.Ordinal) { "Pipeline.Workflows" };

    /// <summary>The layer of <paramref name="project"/> among <paramref name="projects"/>.</summary>
    public static Layer LayerOf(string project, IEnumerable<string> projects)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project switch
        {
            "Pipeline.Foundation" => Layer.Foundation,
            "Pipeline.Engine" or "Pipeline.Engine.Generators" => Layer.Engine,
            "Pipeline.Components" => Layer.Components,
            "Pipeline.Sample" or "Pipeline.Templates" => Layer.Application,
            _ when IsStandInName(project) => Layer.StandIn,
            _ when IsAdapterName(project, projects) => Layer.Adapter,
            _ => Layer.CapabilityCore,
        };
    }

    /// <summary>Every broken rule in <paramref name="graph"/>, one line each; empty when the layering holds.</summary>
    public static IReadOnlyList<string> Check(ProjectGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var projects = graph.Projects.ToList();
        var broken = new List<string>();
        foreach (var project in projects)
        {
            var layer = LayerOf(project, projects);
            foreach (var referenced in graph.ReferencesOf(project))
            {
                if (Rule(project, layer, referenced, LayerOf(referenced, projects)) is { } rule)
                {
                    broken.Add($"{project} ({layer}) references {referenced}: {rule}");
                }
            }
        }

        return broken;
    }

    private static string? Rule(string project, Layer layer, string referenced, Layer referencedLayer) => (layer, referencedLayer) switch
    {
        (Layer.Foundation, _) => "the foundation depends on nothing of ours",
        (Layer.CapabilityCore or Layer.Adapter or Layer.StandIn, Layer.Engine) when !EngineAware.Contains(project) =>
            "a capability is usable without the engine (only workflow generation reads its graph)",
        (Layer.CapabilityCore, Layer.Adapter) when referenced.StartsWith(project + ".", StringComparison.Ordinal) =>
            "a core knows none of its adapters (platforms, the edge): they depend on it",
        (Layer.Adapter, Layer.Adapter) when AreSiblingPlatforms(project, referenced) =>
            "a platform is a folder of its own: it uses the shared local plumbing, not another platform",
        (Layer.CapabilityCore or Layer.Adapter, Layer.StandIn) => "product code does not run on a stand-in; tests and components start it",
        _ when referencedLayer > layer => $"dependencies point down only ({referencedLayer} is above {layer})",
        _ => null,
    };

    /// <summary>A stand-in is named after the service it stands in for: Pipeline.Ecs.Local (Pipeline.Deploy.Local is the local platforms' plumbing).</summary>
    private static bool IsStandInName(string project) =>
        project.EndsWith(".Local", StringComparison.Ordinal) && !project.StartsWith("Pipeline.Deploy.", StringComparison.Ordinal);

    /// <summary>An adapter is named after its core: Pipeline.Deploy.Ecs adapts Pipeline.Deploy.</summary>
    private static bool IsAdapterName(string project, IEnumerable<string> projects) =>
        projects.Any(core => core != project && project.StartsWith(core + ".", StringComparison.Ordinal) && core != "Pipeline.Engine");

    /// <summary>Two platforms of one core (Pipeline.Deploy.Ecs, Pipeline.Deploy.Docker); the shared Local and Edge are not platforms.</summary>
    private static bool AreSiblingPlatforms(string project, string referenced)
    {
        static bool Shared(string name) => name.EndsWith(".Local", StringComparison.Ordinal) || name.EndsWith(".Edge", StringComparison.Ordinal);
        var core = project[..project.LastIndexOf('.')];
        return referenced.StartsWith(core + ".", StringComparison.Ordinal) && !Shared(referenced);
    }
}
