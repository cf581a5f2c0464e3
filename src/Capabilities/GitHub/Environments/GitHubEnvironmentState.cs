namespace Pipeline.GitHub.Environments;

/// <summary>What GitHub has for an environment (secret values cannot be read back: only their names).</summary>
public sealed record GitHubEnvironmentState(string Name)
{
    /// <summary>False when the repository has no environment of this name.</summary>
    public bool Exists { get; init; } = true;

    /// <summary>Required reviewers as logins and <c>org/team-slug</c>.</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    public bool PreventSelfReview { get; init; }

    public int WaitTimerMinutes { get; init; }

    /// <summary>Null when any branch may deploy.</summary>
    public bool? ProtectedBranches { get; init; }

    /// <summary>True when the custom patterns in <see cref="BranchPatterns"/> apply.</summary>
    public bool CustomBranchPolicies { get; init; }

    /// <summary>The custom branch and tag patterns with GitHub's ids (to delete them).</summary>
    public IReadOnlyDictionary<BranchPolicyPattern, long> BranchPatterns { get; init; } = new Dictionary<BranchPolicyPattern, long>();

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Secrets { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The state of an environment the repository does not have.</summary>
    public static GitHubEnvironmentState Missing(string name) => new(name) { Exists = false };
}
