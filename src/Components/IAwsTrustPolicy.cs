using Pipeline.Components.Environments;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Oidc;

namespace Pipeline.Components;

/// <summary>
/// <c>AwsTrustPolicy</c>: prints, for each declared environment whose GitHub environment names an AWS role
/// (variable <c>AWS_ROLE_ARN</c>), the IAM trust policy that role needs, and writes it to
/// <c>artifacts/aws-trust-policies/&lt;environment&gt;.json</c> for <c>aws iam update-assume-role-policy</c>. The policy
/// lets only jobs of this repository running in that GitHub environment assume the role.
/// </summary>
public interface IAwsTrustPolicy : IHaveEnvironments
{
    /// <summary>Binds from GITHUB_REPOSITORY on GitHub Actions, as any parameter binds from its environment variable.</summary>
    [Parameter("GitHub repository (owner/name) whose jobs may assume the roles; default: $GITHUB_REPOSITORY, else the origin remote", EnvironmentVariables = ["GITHUB_REPOSITORY"])]
    string? GithubRepository => Parameters.Get<string>(nameof(GithubRepository));

    Target AwsTrustPolicy => _ => _
        .Description("Print the IAM trust policy each environment's OIDC role needs (audience and subject pinned to the repository and environment)")
        .Produces("artifacts/aws-trust-policies")
        .Executes(async ct =>
        {
            var repository = GithubRepository
                ?? Pipeline.Workflows.Oidc.AwsTrustPolicy.RepositoryFromRemote((await GitRevision.ReadAsync(this, ct)).RepositoryUrl)
                ?? throw new ArgumentException("no GitHub repository: pass --github-repository owner/name, or run in a clone whose origin is on github.com");
            var roles = Environments
                .Select(e => (e.Name, Arn: e.GitHub?.Variables.GetValueOrDefault(AwsRole.FromVariables.RoleVariable)))
                .Where(e => !string.IsNullOrEmpty(e.Arn))
                .Select(e => (e.Name, Arn: e.Arn!))
                .ToList();
            if (roles.Count == 0)
            {
                Output.WriteLine($"No declared environment names an AWS role (GitHub environment variable {AwsRole.FromVariables.RoleVariable}).");
                return;
            }

            var directory = Path.Combine(RootDirectory, "artifacts", "aws-trust-policies");
            Directory.CreateDirectory(directory);
            foreach (var (name, arn) in roles)
            {
                var policy = Pipeline.Workflows.Oidc.AwsTrustPolicy.For(arn, repository, name);
                var file = Path.Combine(directory, $"{name}.json");
                await File.WriteAllTextAsync(file, policy, ct);
                Output.WriteLine($"Environment '{name}': trust policy of {arn} (apply: aws iam update-assume-role-policy --role-name {arn[(arn.LastIndexOf('/') + 1)..]} --policy-document file://{Path.GetRelativePath(RootDirectory, file)})");
                Output.Write(policy);
            }
        });
}
