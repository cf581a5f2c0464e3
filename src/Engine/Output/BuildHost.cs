using Pipeline.Engine.Execution;

namespace Pipeline.Engine.Output;

/// <summary>Where the build runs: a terminal, or a CI service with its own log commands.</summary>
public abstract class BuildHost
{
    /// <summary>GitHub Actions when <c>GITHUB_ACTIONS=true</c>, otherwise a terminal.</summary>
    public static BuildHost Detect(Func<string, string?> environment) =>
        environment("GITHUB_ACTIONS") == "true" ? new GitHubActionsHost(environment) : new TerminalHost();

    public abstract string Name { get; }

    public virtual bool IsServerBuild => true;

    public abstract void BeginTarget(TextWriter output, string target);

    public abstract void EndTarget(TextWriter output, string target);

    public abstract void ReportFailure(TextWriter output, string target, string message);

    /// <summary>Announces a secret to the host so it masks it too (written to the raw, unmasked output).</summary>
    public virtual void AnnounceSecret(TextWriter rawOutput, string secret)
    {
    }

    public virtual void PublishSummary(BuildSummary summary)
    {
    }

    /// <summary>Appends markdown to the run's summary page, where the host has one.</summary>
    public virtual void AppendSummaryMarkdown(string markdown)
    {
    }

    /// <summary>Sets a step output (<c>name=value</c>) that later jobs read, where the host has step outputs.</summary>
    public virtual void SetOutput(string name, string value)
    {
    }

    /// <summary>Who runs the build, for records: the CI's actor, else the OS user.</summary>
    public virtual string Actor => System.Environment.UserName;
}
