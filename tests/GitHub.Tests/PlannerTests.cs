using Pipeline.GitHub.Environments;

namespace Pipeline.GitHub.Tests;

public class PlannerTests
{
    private static readonly GitHubEnvironmentSettings Production = new()
    {
        Reviewers = ["octocat", "acme/ops"],
        PreventSelfReview = true,
        WaitTimer = TimeSpan.FromMinutes(30),
        BranchPolicy = DeploymentBranchPolicy.Branches("main", "release/*"),
        Variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/deploy" },
        Secrets = new Dictionary<string, SecretSource> { ["DB_PASSWORD"] = new("PROD_DB_PASSWORD") },
    };

    private static readonly GitHubEnvironmentState Matching = new("production")
    {
        Reviewers = ["acme/ops", "Octocat"],
        PreventSelfReview = true,
        WaitTimerMinutes = 30,
        ProtectedBranches = false,
        CustomBranchPolicies = true,
        BranchPatterns = new Dictionary<BranchPolicyPattern, long> { [new("release/*", "branch")] = 2, [new("main", "branch")] = 1 },
        Variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["aws_region"] = "eu-west-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/deploy" },
        Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "DB_PASSWORD" },
    };

    private static EnvironmentChange Compare(GitHubEnvironmentSettings settings, GitHubEnvironmentState state, string? secretValue = null) =>
        EnvironmentPlanner.Compare(new GitHubEnvironmentSpec("production", settings), state, _ => secretValue);

    [Fact]
    public void Matching_state_has_no_difference()
    {
        var change = Compare(Production, Matching);

        Assert.Empty(change.Differences);
        Assert.Empty(change.Problems);
        Assert.False(change.ProtectionChanges);
    }

    [Fact]
    public void A_missing_environment_differs_in_every_declared_field()
    {
        var change = Compare(Production, GitHubEnvironmentState.Missing("production"), secretValue: "s3cret");

        Assert.Equal(
            ["environment", "reviewers", "prevent_self_review", "wait_timer", "deployment_branch_policy", "branch policies", "variable AWS_REGION", "variable AWS_ROLE_ARN", "secret DB_PASSWORD"],
            change.Differences.Select(d => d.Field));
        Assert.True(change.ProtectionChanges);
        Assert.Equal("DB_PASSWORD", Assert.Single(change.SecretWrites).Name);
    }

    [Fact]
    public void A_removed_reviewer_is_drift_naming_environment_and_field()
    {
        var change = Compare(Production, Matching with { Reviewers = ["acme/ops"] });

        var difference = Assert.Single(change.Differences);
        Assert.Equal("environment 'production': reviewers: GitHub has [acme/ops], the declaration says [acme/ops, octocat]", difference.ToString());
    }

    [Fact]
    public void Changed_and_undeclared_variables_and_secrets_are_differences()
    {
        var state = Matching with
        {
            Variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["AWS_REGION"] = "us-east-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/deploy", ["OLD"] = "x" },
            Secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "DB_PASSWORD", "LEGACY_KEY" },
        };

        var lines = Compare(Production, state).Differences.Select(d => d.ToString()).ToList();

        Assert.Equal(
            [
                "environment 'production': variable AWS_REGION: GitHub has 'us-east-1', the declaration says 'eu-west-1'",
                "environment 'production': variable OLD: GitHub has 'x', the declaration says no such variable",
                "environment 'production': secret LEGACY_KEY: GitHub has it is set, the declaration says no such secret",
            ],
            lines);
    }

    [Fact]
    public void Secrets_are_compared_by_presence_and_rewritten_when_their_value_is_set()
    {
        Assert.Empty(Compare(Production, Matching, secretValue: null).SecretWrites);

        var change = Compare(Production, Matching, secretValue: "value");

        Assert.Empty(change.Differences);
        Assert.Equal("environment 'production': secret DB_PASSWORD: write (value from $PROD_DB_PASSWORD, encrypted)", Assert.Single(change.SecretWrites).ToString());
    }

    [Fact]
    public void A_missing_secret_without_a_value_here_is_a_problem_naming_the_variable()
    {
        var change = Compare(Production, Matching with { Secrets = new HashSet<string>() }, secretValue: null);

        Assert.Contains("$PROD_DB_PASSWORD is not set here", Assert.Single(change.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Protected_branches_and_tag_patterns_read_as_GitHub_names_them()
    {
        var settings = new GitHubEnvironmentSettings { BranchPolicy = DeploymentBranchPolicy.Protected };
        var change = Compare(settings, new GitHubEnvironmentState("production"));

        Assert.Equal("environment 'production': deployment_branch_policy: GitHub has any branch, the declaration says protected branches", Assert.Single(change.Differences).ToString());
        Assert.Equal(["v*"], EnvironmentPlanner.Patterns(new DeploymentBranchPolicy { TagPatterns = ["v*"] }).Select(p => p.Name));
        Assert.Equal("tag:v*", EnvironmentPlanner.Patterns(new DeploymentBranchPolicy { TagPatterns = ["v*"] })[0].ToString());
    }

    [Theory]
    [InlineData("a/b/c", "neither a login nor org/team-slug")]
    [InlineData("-bad", "neither a login nor org/team-slug")]
    public void Invalid_reviewers_are_rejected(string reviewer, string expected)
    {
        var problem = EnvironmentPlanner.Validate(new GitHubEnvironmentSpec("production", new GitHubEnvironmentSettings { Reviewers = [reviewer] }));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_with_protected_branches_and_patterns_is_rejected()
    {
        var settings = new GitHubEnvironmentSettings { BranchPolicy = new DeploymentBranchPolicy { ProtectedBranches = true, BranchPatterns = ["main"] } };

        Assert.Contains("not both", EnvironmentPlanner.Validate(new GitHubEnvironmentSpec("production", settings)), StringComparison.Ordinal);
    }

    [Fact]
    public void Prevent_self_review_without_reviewers_is_not_drift()
    {
        var change = Compare(new GitHubEnvironmentSettings { PreventSelfReview = true }, new GitHubEnvironmentState("production"));

        Assert.Empty(change.Differences);
    }
}
