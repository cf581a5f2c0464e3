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
/// <param name="Platform">
/// Where and how it runs (<c>ProcessPlatformSettings</c>, <c>DockerPlatformSettings</c>, <c>EcsPlatformSettings</c>…);
/// in a build of several services, the settings of the services <see cref="Services"/> does not name.
/// </param>
public sealed partial record EnvironmentDeclaration(string Name, PlatformSettings? Platform)
{
    /// <summary>
    /// The environment of a build of several services, each service's platform settings given by
    /// <paramref name="platformOf"/> from the service's name (its ECS service and task definition, its local ports):
    /// <c>EnvironmentDeclaration.PerService("dev", service => OnEcs("dev", service)) with { Promotion = 1 }</c>.
    /// </summary>
    public static EnvironmentDeclaration PerService(string name, Func<string, PlatformSettings?> platformOf) =>
        new(name, (PlatformSettings?)null) { PlatformOf = platformOf };

    /// <summary>
    /// Each service's platform settings by service name, in a build of several services:
    /// <c>Services = new Dictionary&lt;string, PlatformSettings&gt; { ["worker"] = new DockerPlatformSettings { PublicPort = 6100, TestPort = 6101 } }</c>.
    /// A service not named here uses <see cref="PlatformOf"/>, then <see cref="Platform"/>.
    /// </summary>
    public IReadOnlyDictionary<string, PlatformSettings> Services { get; init; } = new Dictionary<string, PlatformSettings>();

    /// <summary>Each service's platform settings from its name, when <see cref="Services"/> does not name it.</summary>
    public Func<string, PlatformSettings?>? PlatformOf { get; init; }

    /// <summary>The platform settings of <paramref name="service"/>; null when the environment cannot deploy it.</summary>
    public PlatformSettings? PlatformFor(string service) =>
        Services.TryGetValue(service, out var settings) ? settings : PlatformOf?.Invoke(service) ?? Platform;

    /// <summary>
    /// Place in the delivery workflow's promotion order (1, 2, 3…: dev → staging → production, the same image digest);
    /// null for environments the delivery workflow never deploys to (local ones).
    /// </summary>
    public int? Promotion { get; init; }

    /// <summary>
    /// What deploys it: <c>DeployTrigger.OnPush("develop")</c> (the delivery workflow, on pushes to those branches, in
    /// <see cref="Promotion"/> order) or <c>DeployTrigger.Manual</c> (only the generated <c>promote</c> workflow). Null:
    /// pushes to the build's delivery branches (<see cref="IHaveEnvironments.DeliveryBranches"/>). A reviewer is required
    /// when the GitHub environment declares reviewers, whichever starts the deploy.
    /// </summary>
    public DeployTrigger? DeployOn { get; init; }

    /// <summary>The production URL shown on GitHub deployments and deploy jobs; defaults to the platform's.</summary>
    public Uri? Url { get; init; }

    /// <summary>The GitHub environment: required reviewers (the approval gate), wait timer, branch policy, variables, secrets.</summary>
    public GitHubEnvironmentSettings? GitHub { get; init; }

    /// <summary>
    /// How the generated deploy job signs in to the environment's cloud, when not as its platform says
    /// (<see cref="IHaveJobCredentials"/>: the AWS platforms assume the role the GitHub environment's <c>AWS_ROLE_ARN</c>
    /// names). Null: the platform's way; the workflow generator knows none of them.
    /// </summary>
    public JobCredentials? Credentials { get; init; }

    /// <summary>
    /// The deploy job's credentials: <see cref="Credentials"/>, else what the platform of each of
    /// <paramref name="services"/> needs (of the environment's <see cref="Platform"/> when the build declares no
    /// services), each different one signed in to in turn.
    /// </summary>
    public JobCredentials? DeployCredentials(IReadOnlyList<string> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        IEnumerable<PlatformSettings?> platforms = services.Count == 0 ? [Platform] : services.Select(PlatformFor);
        return Credentials ?? JobCredentials.Combine(platforms.Select(p => (p as IHaveJobCredentials)?.JobCredentials));
    }

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

        if (DeployOn?.Validate(Name) is { } trigger)
        {
            return trigger;
        }

        if (DeployOn is { IsManual: false } && Promotion is null)
        {
            return $"environment '{Name}': it deploys on {DeployOn} but has no promotion order; give it Promotion = 1 (or more)";
        }

        if (GitHub is { Reviewers.Count: > 6 })
        {
            return $"environment '{Name}': GitHub allows at most 6 required reviewers, {GitHub.Reviewers.Count} are declared";
        }

        if (GitHub is { WaitTimer: var wait } && (wait < TimeSpan.Zero || wait > TimeSpan.FromMinutes(43_200)))
        {
            return $"environment '{Name}': GitHub wait timer {wait.TotalMinutes} min is outside 0..43200 minutes";
        }

        return Platform?.Validate(Name)
            ?? Services.Select(s => s.Value.Validate($"{Name}-{s.Key}")).FirstOrDefault(e => e is not null);
    }

    /// <summary>Null when <paramref name="service"/>'s platform settings are valid; otherwise one line naming them.</summary>
    public string? ValidateService(string service) => PlatformFor(service)?.Validate(ServiceEnvironmentName(service));

    /// <summary>
    /// The name a service's part of this environment is opened under (<c>local-worker</c>): its records, state, lock and
    /// containers are its own, so services deploy and roll back one by one.
    /// </summary>
    public string ServiceEnvironmentName(string service) => $"{Name}-{service}";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
