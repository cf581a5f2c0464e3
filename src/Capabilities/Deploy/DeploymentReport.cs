using System.Globalization;
using System.Text;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy;

/// <summary>Renders a <see cref="DeploymentRecord"/> for the console and the GitHub step summary.</summary>
public static class DeploymentReport
{
    /// <summary>A Markdown section: outcome, stages with durations, smoke tests, rollback reason.</summary>
    public static string ToMarkdown(DeploymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        var icon = record.Succeeded ? "✅" : "❌";
        text.Append(CultureInfo.InvariantCulture,
            $"## {icon} {record.Kind} {record.Release.Version} to {record.Environment}: {record.Outcome}\n\n");
        if (record.RollbackReason is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $"**Rollback ({reason.Trigger})**: {reason.Message}\n\n");
        }

        text.Append("| Stage | Outcome | Duration | Note |\n| --- | --- | ---: | --- |\n");
        foreach (var s in record.Stages)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {s.Name} | {s.Outcome} | {s.Duration.TotalMilliseconds:0} ms | {(s.Message ?? "").Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        if (record.SmokeTests.Count > 0)
        {
            text.Append('\n').Append(SmokeTestReport.ToMarkdown(record.SmokeTests));
        }

        if (record.Url is { } url && record.Succeeded)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nServing at {url}\n");
        }

        return text.ToString();
    }

    /// <summary>Plain text lines: one per stage, then the outcome.</summary>
    public static string ToText(DeploymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        foreach (var s in record.Stages)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {s.Name,-30} {s.Outcome,-9} {s.Duration.TotalMilliseconds,7:0} ms  {s.Message}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{record.Kind} {record.Release.Version} to {record.Environment}: {record.Outcome}");
        if (record.RollbackReason is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({reason.Trigger}: {reason.Message})");
        }

        return text.Append('\n').ToString();
    }
}
