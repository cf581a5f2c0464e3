namespace Pipeline.GitHub.Environments;

/// <summary>
/// What a GitHub environment must look like: its protection rules (the production approval gate lives here, not in the
/// workflow YAML), its deployment branch policy, and the variables and secrets its deploy jobs read.
/// </summary>
public sealed record GitHubEnvironmentSettings
{
    /// <summary>Required reviewers: user logins (<c>octocat</c>) or teams (<c>org/team-slug</c>); at most 6.</summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>Reviewers may not approve a run they triggered themselves.</summary>
    public bool PreventSelfReview { get; init; }

    /// <summary>How long a job waits before it may deploy (0 to 43 200 minutes).</summary>
    public TimeSpan WaitTimer { get; init; } = TimeSpan.Zero;

    /// <summary>Which refs may deploy to the environment; any ref when null.</summary>
    public DeploymentBranchPolicy? BranchPolicy { get; init; }

    /// <summary>Environment variables (e.g. the AWS role and region the deploy job reads as <c>vars.NAME</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Environment secrets by name, each with where its value comes from when applied (an environment variable of
    /// the machine that applies them); values are never part of the declaration.
    /// </summary>
    public IReadOnlyDictionary<string, SecretSource> Secrets { get; init; } = new Dictionary<string, SecretSource>();

    /// <summary>True when a deployment needs someone's approval (required reviewers are set).</summary>
    public bool RequiresApproval => Reviewers.Count > 0;
}
