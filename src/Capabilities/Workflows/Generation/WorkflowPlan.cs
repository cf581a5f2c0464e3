using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Generation;

/// <summary>How a workflow definition maps onto the target graph: one <see cref="JobPlan"/> per job, in declaration order.</summary>
public sealed record WorkflowPlan(IReadOnlyList<JobPlan> Jobs, IReadOnlyList<WorkflowFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    public JobPlan this[string jobId] => Jobs.Single(j => string.Equals(j.JobId, jobId, StringComparison.OrdinalIgnoreCase));
}
