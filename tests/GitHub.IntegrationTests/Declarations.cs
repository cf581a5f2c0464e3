using Pipeline.GitHub.Environments;

namespace Pipeline.GitHub.IntegrationTests;

internal static class Declarations
{
    public const string SecretVariable = "PIPELINE_TEST_DB_PASSWORD";
    public const string SecretValue = "s3cr3t-value-4242";

    public static GitHubEnvironmentSpec Production { get; } = new("production", new GitHubEnvironmentSettings
    {
        Reviewers = ["octocat", "acme/ops"],
        PreventSelfReview = true,
        WaitTimer = TimeSpan.FromMinutes(5),
        BranchPolicy = new DeploymentBranchPolicy { BranchPatterns = ["main", "release/*"], TagPatterns = ["v*"] },
        Variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/deploy" },
        Secrets = new Dictionary<string, SecretSource> { ["DB_PASSWORD"] = new(SecretVariable) },
    });

    public static string? ReadVariable(string name) => name == SecretVariable ? SecretValue : null;
}
