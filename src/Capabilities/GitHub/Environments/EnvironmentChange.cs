namespace Pipeline.GitHub.Environments;

/// <summary>One environment in a plan: what is declared, what GitHub has, where they differ, which secrets get written.</summary>
public sealed record EnvironmentChange(GitHubEnvironmentSpec Declared, GitHubEnvironmentState GitHub)
{
    public IReadOnlyList<EnvironmentDifference> Differences { get; init; } = [];

    /// <summary>Declared secrets whose value is set here: apply (re)writes them, since GitHub cannot say whether they changed.</summary>
    public IReadOnlyList<SecretWrite> SecretWrites { get; init; } = [];

    /// <summary>What apply cannot fix from here (a missing secret whose value is not set on this machine).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The environment itself must be created or its protection (reviewers, self review, wait timer, branch policy) changed.</summary>
    public bool ProtectionChanges => !GitHub.Exists || Differences.Any(d => d.Field is "reviewers" or "prevent_self_review" or "wait_timer" or "deployment_branch_policy");
}
