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

    /// <summary>
    /// The commit the image was built from when it is not the run's own (a promote run deploys an image built earlier);
    /// null: the run's commit, or unknown.
    /// </summary>
    public string? Commit { get; init; }

    public override string ToString()
    {
        var branch = Run.Branch is { } b ? $" ({b})" : "";
        var commit = Run.PromotedDigests.Count == 0
            ? $"commit {Short(Run.Sha)}{branch}"
            : $"promotes the image of commit {(Commit is { } built ? Short(built) : "unknown")} (run on {Short(Run.Sha)}{branch})";
        var what = $"{Environment}: {commit}, version {Version ?? "unknown"}, image {Digest ?? "unknown"}, asked by {Run.TriggeredBy ?? "unknown"}";
        var who = Reviewers.Count > 0 ? $"; reviewers {string.Join(", ", Reviewers)}" : "";
        return $"{what}{who}{(CurrentUserCanApprove ? "" : "; this token's user cannot approve it")}";
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
