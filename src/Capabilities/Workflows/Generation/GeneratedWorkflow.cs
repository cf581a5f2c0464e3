using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Model;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Generation;

/// <summary>A definition turned into a workflow (null when planning found errors) and everything found on the way.</summary>
public sealed record GeneratedWorkflow(WorkflowDefinition Definition, WorkflowPlan Plan, Workflow? Workflow, IReadOnlyList<WorkflowFinding> Findings)
{
    public bool HasErrors => Workflow is null || Findings.Any(f => f.Severity == FindingSeverity.Error);
}
