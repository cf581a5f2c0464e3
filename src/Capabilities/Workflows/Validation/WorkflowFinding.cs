namespace Pipeline.Workflows.Validation;

public enum FindingSeverity
{
    Warning,
    Error,
}

/// <summary>One problem found before writing; errors block writing. <see cref="ToString"/> is the console line.</summary>
public sealed record WorkflowFinding(FindingSeverity Severity, string Workflow, string? Job, string Message)
{
    public override string ToString() =>
        $"{(Severity == FindingSeverity.Error ? "error" : "warning")}: workflow '{Workflow}'{(Job is null ? "" : $", job '{Job}'")}: {Message}";
}
