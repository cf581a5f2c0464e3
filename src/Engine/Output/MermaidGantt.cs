using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Output;

/// <summary>
/// A Mermaid gantt chart of stages (a deploy's, a build's targets) as a markdown block that GitHub renders, e.g. for the
/// step summary: <c>Host.AppendSummaryMarkdown(MermaidGantt.From(stages, "Deploy to staging"))</c>. Failed stages are
/// drawn as critical (red); the others as done.
/// </summary>
public static class MermaidGantt
{
    public static string From(IEnumerable<(string Name, DateTimeOffset Start, TimeSpan Duration, bool Failed)> stages, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var builder = new StringBuilder()
            .Append("```mermaid\n")
            .Append("gantt\n");
        if (!string.IsNullOrWhiteSpace(title))
        {
            builder.Append(CultureInfo.InvariantCulture, $"  title {MermaidText.TaskName(title)}\n");
        }

        builder.Append("  dateFormat x\n")
            .Append("  axisFormat %H:%M:%S\n")
            .Append("  section Stages\n");
        var index = 0;
        foreach (var (name, start, duration, failed) in stages)
        {
            // A zero-length bar is not drawn: every stage gets at least a millisecond.
            var from = start.ToUnixTimeMilliseconds();
            var to = from + Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));
            var seconds = duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            builder.Append(CultureInfo.InvariantCulture,
                $"  {MermaidText.TaskName(name)} ({seconds} s) :{(failed ? "crit" : "done")}, s{index++}, {from}, {to}\n");
        }

        return builder.Append("```\n").ToString();
    }
}
