using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Execution;

/// <summary>The end-of-run table: every planned target with its status, reason and duration.</summary>
public sealed record BuildSummary(IReadOnlyList<TargetResult> Targets, TimeSpan Duration)
{
    public bool Succeeded => Targets.All(t => t.Status is TargetStatus.Succeeded or TargetStatus.Skipped);

    public string ToTable()
    {
        var nameWidth = Math.Max(6, Targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max());
        var rows = Targets.Select(t => (t.Name, Status: StatusText(t), Time: Format(t))).ToList();
        var statusWidth = Math.Max(6, rows.Select(r => r.Status.Length).DefaultIfEmpty(0).Max());
        var rule = new string('═', nameWidth + statusWidth + 14);
        var builder = new StringBuilder().AppendLine().AppendLine(rule)
            .AppendLine(CultureInfo.InvariantCulture, $"{"Target".PadRight(nameWidth)}   {"Status".PadRight(statusWidth)}   Duration")
            .AppendLine(new string('─', rule.Length));
        foreach (var (name, status, time) in rows)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"{name.PadRight(nameWidth)}   {status.PadRight(statusWidth)}   {time}");
        }

        return builder.AppendLine(new string('─', rule.Length))
            .AppendLine(CultureInfo.InvariantCulture, $"{"Total".PadRight(nameWidth)}   {"".PadRight(statusWidth)}   {Format(Duration)}")
            .AppendLine(rule)
            .AppendLine(Succeeded ? "Build succeeded." : "Build failed.")
            .ToString();
    }

    public string ToMarkdown()
    {
        var builder = new StringBuilder()
            .AppendLine(Succeeded ? "### ✅ Build succeeded" : "### ❌ Build failed")
            .AppendLine()
            .AppendLine("| Target | Status | Duration |")
            .AppendLine("|---|---|---|");
        foreach (var target in Targets)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {target.Name} | {StatusText(target).Replace("|", "\\|", StringComparison.Ordinal)} | {Format(target)} |");
        }

        return builder.AppendLine(CultureInfo.InvariantCulture, $"| **Total** | | {Format(Duration)} |").ToString();
    }

    private static string StatusText(TargetResult target) => target.Status switch
    {
        TargetStatus.Succeeded => "Succeeded",
        TargetStatus.Failed => "Failed" + Because(target.Reason),
        TargetStatus.Skipped => "Skipped" + Because(target.Reason),
        _ => "Not run" + Because(target.Reason),
    };

    private static string Because(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "";
        }

        var line = reason.Split('\n')[0].Trim();
        return $" ({(line.Length > 70 ? line[..67] + "..." : line)})";
    }

    private static string Format(TargetResult target) =>
        target.Status is TargetStatus.Succeeded or TargetStatus.Failed ? Format(target.Duration) : "";

    private static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? duration.ToString(@"m\:ss", CultureInfo.InvariantCulture)
            : duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
