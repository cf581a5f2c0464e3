using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Files;

/// <summary>Generated files (relative path → content, ordered by path) and the validation findings.</summary>
public sealed record WorkflowGeneration(IReadOnlyDictionary<string, string> Files, IReadOnlyList<WorkflowFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);
}
