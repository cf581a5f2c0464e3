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
    /// Variables whose value the repository owns (its URLs, say): <see cref="Variables"/> gives only their default,
    /// written when GitHub has none; a value set on GitHub is kept, never compared nor overwritten.
    /// </summary>
    public IReadOnlyList<string> OwnedVariables { get; init; } = [];

    /// <summary>
    /// The variable holding the URL users reach: the deploy job's <c>environment.url</c> reads it at run time
    /// (<c>${{ vars.NAME }}</c>) instead of a URL frozen when the workflow was generated.
    /// </summary>
    public string? UrlVariable { get; init; }

    /// <summary>True when the repository owns <paramref name="variable"/> (<see cref="OwnedVariables"/>).</summary>
    public bool Owns(string variable) => OwnedVariables.Contains(variable, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Environment secrets by name, each with where its value comes from when applied (an environment variable of
    /// the machine that applies them); values are never part of the declaration.
    /// </summary>
    public IReadOnlyDictionary<string, SecretSource> Secrets { get; init; } = new Dictionary<string, SecretSource>();

    /// <summary>True when a deployment needs someone's approval (required reviewers are set).</summary>
    public bool RequiresApproval => Reviewers.Count > 0;
}
