using System.Globalization;
using System.Text;
using Pipeline.Engine.Graph;
using Pipeline.Engine.Output;

namespace Pipeline.Engine.Execution;

/// <summary>
/// <c>--plan mermaid</c>: the planned targets as a Mermaid flowchart in a markdown block (GitHub renders it). Solid
/// arrows point from a dependency to its dependent, dotted ones from a target to what it triggers; numbers are the run
/// order; skipped targets are dashed with the reason.
/// </summary>
internal static class PlanChart
{
    public static string Render(IReadOnlyList<string> invoked, IReadOnlyList<string> planned, IReadOnlyDictionary<string, string> skipped, TargetGraph graph)
    {
        var builder = new StringBuilder().Append("```mermaid\n").Append("flowchart LR\n");
        var step = 0;
        foreach (var name in planned)
        {
            var label = skipped.TryGetValue(name, out var reason)
                ? $"{name}<br/><small>skipped: {reason}</small>"
                : $"{++step}. {name}";
            builder.Append(CultureInfo.InvariantCulture, $"  {Id(name)}[\"{MermaidText.Label(label)}\"]\n");
        }

        var inPlan = new HashSet<string>(planned, StringComparer.OrdinalIgnoreCase);
        foreach (var name in planned)
        {
            foreach (var dependency in graph[name].DependsOn.Where(inPlan.Contains))
            {
                builder.Append(CultureInfo.InvariantCulture, $"  {Id(graph[dependency].Name)} --> {Id(name)}\n");
            }

            foreach (var triggered in graph[name].Triggers.Where(inPlan.Contains))
            {
                builder.Append(CultureInfo.InvariantCulture, $"  {Id(name)} -. triggers .-> {Id(graph[triggered].Name)}\n");
            }
        }

        var invokedNames = planned.Where(p => invoked.Contains(p, StringComparer.OrdinalIgnoreCase) && !skipped.ContainsKey(p)).ToList();
        if (invokedNames.Count > 0)
        {
            builder.Append("  classDef invoked stroke-width:3px\n")
                .Append(CultureInfo.InvariantCulture, $"  class {string.Join(",", invokedNames.Select(Id))} invoked\n");
        }

        var skippedNames = planned.Where(skipped.ContainsKey).ToList();
        if (skippedNames.Count > 0)
        {
            builder.Append("  classDef skipped stroke-dasharray:5 5,color:#888\n")
                .Append(CultureInfo.InvariantCulture, $"  class {string.Join(",", skippedNames.Select(Id))} skipped\n");
        }

        return builder.Append("```\n").ToString();
    }

    /// <summary>Node ids carry a prefix: Mermaid reserves words such as <c>end</c>.</summary>
    private static string Id(string target) => "t_" + target;
}
