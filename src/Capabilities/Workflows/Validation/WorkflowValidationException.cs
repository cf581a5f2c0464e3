namespace Pipeline.Workflows.Validation;

/// <summary>
/// Workflows were not written because validation found errors. The message is the error when there is one; else its
/// first line counts them and each error follows on a line of its own.
/// </summary>
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
            _ => $"{errors.Count} errors in the workflow definitions; nothing was written\n{string.Join('\n', errors)}",
        };
    }
}
