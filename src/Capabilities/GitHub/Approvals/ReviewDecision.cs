namespace Pipeline.GitHub.Approvals;

/// <summary>Approve or reject pending deployments (GitHub's <c>state</c>: <c>approved</c>, <c>rejected</c>).</summary>
public enum ReviewDecision
{
    Approved,
    Rejected,
}
