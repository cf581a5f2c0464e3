namespace Pipeline.Workflows.Validation;

/// <summary>Workflows were not written because validation found errors; the message names the first one.</summary>
public sealed class WorkflowValidationException : Exception
{
    public WorkflowValidationException(IReadOnlyList<WorkflowFinding> findings)
        : base(Describe(findings)) => Findings = findings;

    public IReadOnlyList<WorkflowFinding> Findings { get; }

    private static string Describe(IReadOnlyList<WorkflowFinding> findings)
    {
        var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        return errors.Count switch
        {
            0 => "Workflow validation failed.",
            1 => errors[0].ToString(),
            _ => $"{errors[0]} (and {errors.Count - 1} more error(s))",
        };
    }
}
