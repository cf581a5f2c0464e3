using Pipeline.Engine.Execution;

namespace Pipeline.Engine.Output;

/// <summary>GitHub Actions: a log group per target, failures as error annotations, the summary on the run page.</summary>
public sealed class GitHubActionsHost(Func<string, string?> environment) : BuildHost
{
    public override string Name => "GitHub Actions";

    public override void BeginTarget(TextWriter output, string target) => output.WriteLine($"::group::{target}");

    public override void EndTarget(TextWriter output, string target) => output.WriteLine("::endgroup::");

    public override void ReportFailure(TextWriter output, string target, string message) =>
        output.WriteLine($"::error title=Target {Escape(target)} failed::{Escape(message)}");

    public override void AnnounceSecret(TextWriter rawOutput, string secret)
    {
        foreach (var line in secret.Split('\n').Where(l => l.Trim().Length > 0))
        {
            rawOutput.WriteLine($"::add-mask::{line.TrimEnd('\r')}");
        }
    }

    public override void PublishSummary(BuildSummary summary) => AppendSummaryMarkdown(summary.ToMarkdown());

    public override void AppendSummaryMarkdown(string markdown)
    {
        if (environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } path)
        {
            File.AppendAllText(path, markdown.EndsWith('\n') ? markdown : markdown + "\n");
        }
    }

    public override void SetOutput(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"step output '{name}' must be one line", nameof(value));
        }

        if (environment("GITHUB_OUTPUT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, $"{name}={value}\n");
        }
    }

    public override string Actor => environment("GITHUB_ACTOR") is { Length: > 0 } actor ? actor : base.Actor;

    /// <summary>Workflow-command escaping for messages (%, CR, LF).</summary>
    private static string Escape(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
