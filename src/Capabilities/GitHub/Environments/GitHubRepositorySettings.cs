namespace Pipeline.GitHub.Environments;

/// <summary>
/// The repository-level Actions variables the generated workflows read outside any environment: the image job pushes
/// to <c>vars.ECR_REPOSITORY</c> with the role <c>vars.AWS_ROLE_ARN</c> in <c>vars.AWS_REGION</c>. <c>GitHubSetup</c>
/// applies them; <c>AwsTrustPolicy</c> prints the image role's trust policy from them.
/// </summary>
public sealed record GitHubRepositorySettings
{
    public const string EcrRepositoryVariable = "ECR_REPOSITORY";
    public const string RegionVariable = "AWS_REGION";
    public const string RoleVariable = "AWS_ROLE_ARN";

    /// <summary>Repository variables by name; variables not named here are the repository's own and left alone.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The variables of an image job that pushes to Amazon ECR through GitHub's OIDC token.</summary>
    /// <param name="ecrRepository">The ECR repository's name (<c>pipeline-sample</c>).</param>
    /// <param name="region">Its AWS region (<c>eu-west-1</c>).</param>
    /// <param name="roleArn">The IAM role the image job assumes (<c>arn:aws:iam::…:role/…</c>).</param>
    public static GitHubRepositorySettings ForEcrImage(string ecrRepository, string region, string roleArn) => new()
    {
        Variables = new Dictionary<string, string>
        {
            [EcrRepositoryVariable] = ecrRepository,
            [RegionVariable] = region,
            [RoleVariable] = roleArn,
        },
    };
}
