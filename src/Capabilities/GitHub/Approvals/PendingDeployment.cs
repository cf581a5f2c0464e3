namespace Pipeline.GitHub.Approvals;

/// <summary>A deployment of a run that waits for review: the environment, and what it would deploy.</summary>
public sealed record PendingDeployment(long EnvironmentId, string Environment, WorkflowRun Run)
{
    public int WaitTimerMinutes { get; init; }

    /// <summary>Whether the token's user is allowed to approve it.</summary>
    public bool CurrentUserCanApprove { get; init; }

    /// <summary>Who may approve: logins and team slugs.</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>The version from a deployment of the same commit, when one recorded it.</summary>
    public string? Version { get; init; }

    /// <summary>The image digest from a deployment of the same commit, when one recorded it.</summary>
    public string? Digest { get; init; }

    public override string ToString()
    {
        var sha = Run.Sha.Length > 12 ? Run.Sha[..12] : Run.Sha;
        var what = $"{Environment}: commit {sha}{(Run.Branch is { } b ? $" ({b})" : "")}, version {Version ?? "unknown"}, image {Digest ?? "unknown"}, asked by {Run.TriggeredBy ?? "unknown"}";
        var who = Reviewers.Count > 0 ? $"; reviewers {string.Join(", ", Reviewers)}" : "";
        return $"{what}{who}{(CurrentUserCanApprove ? "" : "; this token's user cannot approve it")}";
    }
}
