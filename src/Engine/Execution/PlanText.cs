using System.Globalization;
using System.Text;
using Pipeline.Engine.Graph;

namespace Pipeline.Engine.Execution;

/// <summary><c>--plan</c>: the targets that would run, in order, with skips and why each is there.</summary>
internal static class PlanText
{
    public static string Render(IReadOnlyList<string> invoked, IReadOnlyList<string> planned, IReadOnlyDictionary<string, string> skipped, TargetGraph graph)
    {
        var builder = new StringBuilder().Append("Plan for ").Append(string.Join(" ", invoked)).Append(" (")
            .Append(planned.Count.ToString(CultureInfo.InvariantCulture)).AppendLine(" targets, nothing runs):");
        // Loops and Append rather than Max() and interpolation: those are generic code over int that the JIT compiles on every start.
        var width = 0;
        foreach (var name in planned)
        {
            width = Math.Max(width, name.Length);
        }

        width += 2;
        var step = 0;
        foreach (var name in planned)
        {
            var marker = skipped.ContainsKey(name) ? " -" : (++step).ToString(CultureInfo.InvariantCulture);
            var why = skipped.TryGetValue(name, out var reason) ? "skipped: " + reason
                : invoked.Contains(name, StringComparer.OrdinalIgnoreCase) ? "invoked"
                : Why(name, planned, graph);
            builder.Append("  ");
            Spaces(builder, 2 - marker.Length).Append(marker).Append(". ").Append(name);
            Spaces(builder, width - name.Length).AppendLine(why);
        }

        return builder.ToString();
    }

    // Not PadLeft/PadRight: their vectorized fill is compiled by the JIT on every start.
    private static StringBuilder Spaces(StringBuilder builder, int count)
    {
        for (var i = 0; i < count; i++)
        {
            builder.Append(' ');
        }

        return builder;
    }

    private static string Why(string name, IReadOnlyList<string> planned, TargetGraph graph)
    {
        var dependents = planned.Where(p => graph[p].DependsOn.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (dependents.Count > 0)
        {
            return "dependency of " + string.Join(", ", dependents);
        }

        var triggers = planned.Where(p => graph[p].Triggers.Contains(name, StringComparer.OrdinalIgnoreCase)
            || graph[name].TriggeredBy.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        return triggers.Count > 0 ? "triggered by " + string.Join(", ", triggers) : "";
    }
}
