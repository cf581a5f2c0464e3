using System.Globalization;
using System.Text;

namespace Pipeline.Deploy.Smoke;

/// <summary>Renders smoke test results as a Markdown table for the GitHub step summary.</summary>
public static class SmokeTestReport
{
    /// <summary>A "### Smoke tests" section with one row per result.</summary>
    public static string ToMarkdown(IEnumerable<SmokeTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.Append("### Smoke tests\n\n");
        text.Append("| Test | Target | Status | Duration | Message |\n");
        text.Append("| --- | --- | --- | ---: | --- |\n");
        foreach (var r in results)
        {
            var status = r.Passed ? "✅ passed" : "❌ failed";
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(r.Name)} | {r.Target} | {status} | {r.Duration.TotalMilliseconds:0} ms | {Cell(r.Message)} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
