using System.Text.Json;
using Pipeline.Workflows.Oidc;

namespace Pipeline.Workflows.Tests;

public sealed class AwsTrustPolicyTests
{
    private const string Role = "arn:aws:iam::123456789012:role/pipeline-production-deploy";

    [Fact]
    public void The_policy_trusts_only_the_repositorys_environment_through_githubs_oidc_provider()
    {
        using var policy = JsonDocument.Parse(AwsTrustPolicy.For(Role, "octo-org/todo", "production"));

        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("sts:AssumeRoleWithWebIdentity", statement.GetProperty("Action").GetString());
        Assert.Equal("arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
            statement.GetProperty("Principal").GetProperty("Federated").GetString());
        var condition = Assert.Single(statement.GetProperty("Condition").EnumerateObject());
        Assert.Equal("StringEquals", condition.Name); // exact match: no wildcard lets a branch or another environment in
        Assert.Equal(
            [("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"), ("token.actions.githubusercontent.com:sub", "repo:octo-org/todo:environment:production")],
            condition.Value.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
    }

    [Fact]
    public void The_image_roles_policy_trusts_pushes_to_the_delivery_branches_only()
    {
        using var one = JsonDocument.Parse(AwsTrustPolicy.ForBranches(Role, "octo-org/todo", ["main"]));
        using var two = JsonDocument.Parse(AwsTrustPolicy.ForBranches(Role, "octo-org/todo", ["main", "release/*"]));

        var exact = one.RootElement.GetProperty("Statement")[0].GetProperty("Condition");
        Assert.Equal("repo:octo-org/todo:ref:refs/heads/main", exact.GetProperty("StringEquals").GetProperty("token.actions.githubusercontent.com:sub").GetString());
        var patterns = two.RootElement.GetProperty("Statement")[0].GetProperty("Condition");
        Assert.Equal("sts.amazonaws.com", patterns.GetProperty("StringEquals").GetProperty("token.actions.githubusercontent.com:aud").GetString());
        Assert.False(patterns.GetProperty("StringEquals").TryGetProperty("token.actions.githubusercontent.com:sub", out _));
        Assert.Equal(
            ["repo:octo-org/todo:ref:refs/heads/main", "repo:octo-org/todo:ref:refs/heads/release/*"],
            patterns.GetProperty("StringLike").GetProperty("token.actions.githubusercontent.com:sub").EnumerateArray().Select(e => e.GetString()));
        Assert.Throws<ArgumentException>(() => AwsTrustPolicy.ForBranches(Role, "octo-org/todo", []));
    }

    [Theory]
    [InlineData("repo:octo-org/todo:ref:refs/heads/feature")] // a job on a branch, outside any environment
    [InlineData("repo:octo-org/todo:environment:staging")] // another environment's job
    [InlineData("repo:octo-org/todo:pull_request")]
    [InlineData("repo:evil/todo:environment:production")] // a fork or another repository
    public void Subjects_of_other_jobs_do_not_match(string subject)
    {
        using var policy = JsonDocument.Parse(AwsTrustPolicy.For(Role, "octo-org/todo", "production"));
        var expected = policy.RootElement.GetProperty("Statement")[0].GetProperty("Condition").GetProperty("StringEquals")
            .GetProperty("token.actions.githubusercontent.com:sub").GetString();

        Assert.NotEqual(expected, subject);
    }

    [Fact]
    public void The_partition_and_account_come_from_the_role()
    {
        var policy = AwsTrustPolicy.For("arn:aws-cn:iam::210987654321:role/path/deploy", "o/r", "dev");

        Assert.Contains("\"Federated\": \"arn:aws-cn:iam::210987654321:oidc-provider/token.actions.githubusercontent.com\"", policy, StringComparison.Ordinal);
        Assert.EndsWith("}\n", policy, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', policy);
    }

    [Theory]
    [InlineData("arn:aws:iam::1234:role/x", "o/r", "'arn:aws:iam::1234:role/x' is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>")]
    [InlineData("arn:aws:s3:::bucket", "o/r", "'arn:aws:s3:::bucket' is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>")]
    [InlineData(Role, "just-a-name", "'just-a-name' is not a GitHub repository; expected owner/name")]
    public void Malformed_input_is_a_one_line_error(string role, string repository, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => AwsTrustPolicy.For(role, repository, "dev")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("https://github.com/octo-org/todo.git", "octo-org/todo")]
    [InlineData("https://github.com/octo-org/todo", "octo-org/todo")]
    [InlineData("git@github.com:octo-org/todo.git", "octo-org/todo")]
    [InlineData("https://gitlab.com/octo-org/todo.git", null)]
    [InlineData(null, null)]
    public void The_repository_comes_from_the_origin_remote(string? url, string? repository) =>
        Assert.Equal(repository, AwsTrustPolicy.RepositoryFromRemote(url));
}
