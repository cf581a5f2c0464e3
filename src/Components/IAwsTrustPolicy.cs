using Pipeline.Components.Environments;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Oidc;

namespace Pipeline.Components;

/// <summary>
/// <c>AwsTrustPolicy</c>: prints the IAM trust policy of every role the workflows assume and writes each to
/// <c>artifacts/aws-trust-policies/&lt;name&gt;.json</c> for <c>aws iam update-assume-role-policy</c>: the image job's
/// role (repository variable <c>AWS_ROLE_ARN</c>, <see cref="IHaveEnvironments.GitHubRepositorySettings"/>), which only
/// pushes to the delivery branches may assume, and each environment's role (its GitHub environment's
/// <c>AWS_ROLE_ARN</c>), which only jobs running in that GitHub environment may assume.
/// </summary>
public interface IAwsTrustPolicy : IHaveEnvironments
{
    /// <summary>Binds from GITHUB_REPOSITORY on GitHub Actions, as any parameter binds from its environment variable.</summary>
    [Parameter("GitHub repository (owner/name) whose jobs may assume the roles; default: $GITHUB_REPOSITORY, else the origin remote", EnvironmentVariables = ["GITHUB_REPOSITORY"])]
    string? GithubRepository => Parameters.Get<string>(nameof(GithubRepository));

    Target AwsTrustPolicy => _ => _
        .Description("Print the IAM trust policy of every OIDC role the workflows assume (image role pinned to the delivery branches, environment roles to their environment)")
        .Produces("artifacts/aws-trust-policies")
        .Executes(async ct =>
        {
            var repository = GithubRepository
                ?? Pipeline.Workflows.Oidc.AwsTrustPolicy.RepositoryFromRemote((await GitRevision.ReadAsync(this, ct)).RepositoryUrl)
                ?? throw new ArgumentException("no GitHub repository: pass --github-repository owner/name, or run in a clone whose origin is on github.com");
            var roles = Environments
                .Select(e => (e.Name, Arn: e.GitHub?.Variables.GetValueOrDefault(AwsRole.FromVariables.RoleVariable)))
                .Where(e => !string.IsNullOrEmpty(e.Arn))
                .Select(e => (File: e.Name, Who: $"Environment '{e.Name}'", Arn: e.Arn!, Policy: (Func<string>)(() => Pipeline.Workflows.Oidc.AwsTrustPolicy.For(e.Arn!, repository, e.Name))))
                .ToList();
            if (GitHubRepositorySettings.Variables.GetValueOrDefault(GitHubRepositorySettings.RoleVariable) is { Length: > 0 } imageRole)
            {
                roles.Insert(0, ("image", $"Image job (pushes from {string.Join(", ", PushedBranches)})", imageRole,
                    () => Pipeline.Workflows.Oidc.AwsTrustPolicy.ForBranches(imageRole, repository, PushedBranches)));
            }

            if (roles.Count == 0)
            {
                Output.WriteLine($"No AWS role is declared (repository variable {GitHubRepositorySettings.RoleVariable}, or GitHub environment variable {AwsRole.FromVariables.RoleVariable}).");
                return;
            }

            var directory = Path.Combine(RootDirectory, "artifacts", "aws-trust-policies");
            Directory.CreateDirectory(directory);
            foreach (var (name, who, arn, document) in roles)
            {
                var policy = document();
                var file = Path.Combine(directory, $"{name}.json");
                await File.WriteAllTextAsync(file, policy, ct);
                Output.WriteLine($"{who}: trust policy of {arn} (apply: aws iam update-assume-role-policy --role-name {arn[(arn.LastIndexOf('/') + 1)..]} --policy-document file://{Path.GetRelativePath(RootDirectory, file)})");
                Output.Write(policy);
            }
        });
}
