using System.Text.RegularExpressions;
using Pipeline.Deploy.Environments;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components.Environments;

/// <summary>
/// One deployment environment as the build declares it, next to its targets: its name, its platform with that
/// platform's settings, its place in the promotion order, its URL and what GitHub must know about it. The same
/// declaration feeds <c>Deploy</c>/<c>Rollback</c>/<c>Status</c>/<c>Down</c>, the generated workflows' deploy jobs and
/// the GitHub environments, so they can never disagree.
/// </summary>
/// <param name="Name">Lower-case letters, digits and dashes (<c>local</c>, <c>staging-2</c>).</param>
/// <param name="Platform">Where and how it runs (<c>ProcessPlatformSettings</c>, <c>DockerPlatformSettings</c>, <c>EcsPlatformSettings</c>…).</param>
public sealed partial record EnvironmentDeclaration(string Name, PlatformSettings? Platform)
{
    /// <summary>
    /// Place in the delivery workflow's promotion order (1, 2, 3…: dev → staging → production, the same image digest);
    /// null for environments the delivery workflow never deploys to (local ones).
    /// </summary>
    public int? Promotion { get; init; }

    /// <summary>The production URL shown on GitHub deployments and deploy jobs; defaults to the platform's.</summary>
    public Uri? Url { get; init; }

    /// <summary>The GitHub environment: required reviewers (the approval gate), wait timer, branch policy, variables, secrets.</summary>
    public GitHubEnvironmentSettings? GitHub { get; init; }

    /// <summary>
    /// How the generated deploy job signs in to the environment's cloud. Null: an AWS role through GitHub's OIDC token
    /// when the GitHub environment declares <c>AWS_ROLE_ARN</c>, else none. Another cloud declares its own
    /// <see cref="JobCredentials"/> here; the workflow generator knows none of them.
    /// </summary>
    public JobCredentials? Credentials { get; init; }

    /// <summary>The deploy job's credentials: <see cref="Credentials"/>, else the AWS role its GitHub variables name.</summary>
    public JobCredentials? EffectiveCredentials =>
        Credentials ?? (GitHub?.Variables.ContainsKey(AwsRole.FromVariables.RoleVariable) == true ? AwsRole.FromVariables : null);

    /// <summary>Why the environment cannot be deployed yet, when it has no <see cref="Platform"/>.</summary>
    public string? NotDeployableReason { get; init; }

    /// <summary>The URL users reach: the declared one, else the platform's.</summary>
    public Uri? EffectiveUrl => Url ?? Platform?.Url;

    /// <summary>Null when valid; otherwise one line naming the environment and what is wrong.</summary>
    public string? Validate()
    {
        if (!NamePattern().IsMatch(Name))
        {
            return $"environment name '{Name}' is invalid: use lower-case letters, digits and dashes (e.g. local, staging-2)";
        }

        if (Promotion is < 1)
        {
            return $"environment '{Name}': promotion {Promotion} must be 1 or more (1 deploys first)";
        }

        if (GitHub is { Reviewers.Count: > 6 })
        {
            return $"environment '{Name}': GitHub allows at most 6 required reviewers, {GitHub.Reviewers.Count} are declared";
        }

        if (GitHub is { WaitTimer: var wait } && (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(43_200)))
        {
            return $"environment '{Name}': GitHub wait timer {wait.TotalMinutes} min is outside 0..43200 minutes";
        }

        return Platform?.Validate(Name);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
