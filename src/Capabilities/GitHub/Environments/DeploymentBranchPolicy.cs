namespace Pipeline.GitHub.Environments;

/// <summary>
/// Which branches and tags may deploy to an environment: GitHub's <c>deployment_branch_policy</c>. Either the
/// repository's protected branches, or named patterns (<c>main</c>, <c>release/*</c>, tags as <c>v*</c> with
/// <see cref="TagPatterns"/>).
/// </summary>
public sealed record DeploymentBranchPolicy
{
    /// <summary>Only branches with branch protection rules may deploy.</summary>
    public bool ProtectedBranches { get; init; }

    /// <summary>Branch name patterns (fnmatch, as GitHub's <c>type: branch</c> policies).</summary>
    public IReadOnlyList<string> BranchPatterns { get; init; } = [];

    /// <summary>Tag name patterns (GitHub's <c>type: tag</c> policies).</summary>
    public IReadOnlyList<string> TagPatterns { get; init; } = [];

    /// <summary>Protected branches only.</summary>
    public static DeploymentBranchPolicy Protected { get; } = new() { ProtectedBranches = true };

    /// <summary>Only the named branch patterns.</summary>
    public static DeploymentBranchPolicy Branches(params string[] patterns) => new() { BranchPatterns = patterns };
}
