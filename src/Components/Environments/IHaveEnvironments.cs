using Pipeline.Deploy;
using Pipeline.Engine;
using Pipeline.GitHub.Environments;

namespace Pipeline.Components.Environments;

/// <summary>
/// The build's one declaration of deployment environments. <c>IDeploy</c>, <c>IWorkflows</c> and the GitHub targets
/// read it; override <see cref="Environments"/> in the build class.
/// </summary>
public interface IHaveEnvironments : IPipelineBuild
{
    /// <summary>The declared environments; by default one local environment on the Process platform.</summary>
    IReadOnlyList<EnvironmentDeclaration> Environments => [new("local", new Pipeline.Deploy.Process.ProcessPlatformSettings())];

    /// <summary>
    /// The repository-level GitHub Actions variables the workflows read outside any environment (the image job's
    /// ECR repository, region and role: <see cref="GitHubRepositorySettings.ForEcrImage"/>). <c>GitHubSetup</c> applies
    /// them; <c>AwsTrustPolicy</c> prints the image role's trust policy.
    /// </summary>
    GitHubRepositorySettings GitHubRepositorySettings => new();

    /// <summary>
    /// The branches the delivery workflow deploys from (its push trigger). An environment of the promotion order without
    /// an explicit <see cref="GitHubEnvironmentSettings.BranchPolicy"/> accepts deployments from these only, and the
    /// image role's trust policy is pinned to them.
    /// </summary>
    IReadOnlyList<string> DeliveryBranches => ["main"];

    /// <summary>
    /// The branches whose pushes run the delivery workflow and its image job: the delivery branches, then every branch an
    /// environment's <see cref="EnvironmentDeclaration.DeployOn"/> names.
    /// </summary>
    IReadOnlyList<string> PushedBranches =>
    [
        .. DeliveryBranches,
        .. Environments.Where(e => e.Promotion is not null && e.DeployOn is { IsManual: false })
            .SelectMany(e => e.DeployOn!.Branches)
            .Where(b => !DeliveryBranches.Contains(b, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// The branches a deploy to <paramref name="environment"/> may run from: those its trigger deploys on, and the
    /// delivery branches (where the promote and rollback workflows are dispatched).
    /// </summary>
    IReadOnlyList<string> DeploymentBranches(EnvironmentDeclaration environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var own = environment.DeployOn?.Branches ?? [];
        return [.. own, .. DeliveryBranches.Where(b => !own.Contains(b, StringComparer.Ordinal))];
    }

    /// <summary>
    /// The environment named <paramref name="name"/>; throws <see cref="DeploySettingsException"/> naming the declared
    /// ones when there is none, and when the declaration is invalid.
    /// </summary>
    EnvironmentDeclaration FindEnvironment(string name)
    {
        var declared = Environments;
        foreach (var environment in declared)
        {
            if (environment.Validate() is { } error)
            {
                throw new DeploySettingsException(error);
            }
        }

        if (declared.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new DeploySettingsException($"environment '{duplicate.Key}' is declared {duplicate.Count()} times: give each its own name");
        }

        // The name usually comes from IDeploy's Environment parameter: say where it was set (a variable, parameters.json).
        var origin = Parameters.Get<string>(nameof(IDeploy.Environment)) == name && Parameters.OriginOf(nameof(IDeploy.Environment)) is { } from
            ? $" ({from})"
            : "";
        return declared.FirstOrDefault(e => e.Name == name)
            ?? throw new DeploySettingsException(
                $"unknown environment '{name}'{origin}: the build declares {string.Join(", ", declared.Select(e => e.Name))} (see Environments in the build class)");
    }
}
