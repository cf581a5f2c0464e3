using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Environments;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>Environments as code against the stateful fake behind <c>prism proxy --errors</c>.</summary>
[Collection(GitHubStandInCollection.Name)]
public class EnvironmentsTests(GitHubStandIn standIn)
{
    private async Task<(GitHubEnvironments Environments, IReadOnlyList<string> Done)> ApplyAsync(string repository)
    {
        var environments = new GitHubEnvironments(standIn.Api(repository, stateful: true), NullLogger.Instance);
        var plan = await environments.PlanAsync([Declarations.Production], CancellationToken.None, Declarations.ReadVariable);
        return (environments, await environments.ApplyAsync(plan, CancellationToken.None, Declarations.ReadVariable));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Apply_creates_what_is_declared_and_verify_then_finds_no_difference()
    {
        var (environments, done) = await ApplyAsync("acme/apply");

        var github = standIn.Fake.Repository("acme/apply").Environments["production"];
        Assert.Equal("environment 'production': created", done[0]);
        Assert.Equal([("User", "octocat"), ("Team", "ops")], github.Reviewers);
        Assert.True(github.PreventSelfReview);
        Assert.Equal(5, github.WaitTimer);
        Assert.Equal((false, true), github.BranchPolicy);
        Assert.Equal(["branch:main", "branch:release/*", "tag:v*"], github.Patterns.Select(p => $"{p.Type}:{p.Name}").Order(StringComparer.Ordinal));
        Assert.Equal("eu-west-1", github.Variables["AWS_REGION"]);

        var verify = await environments.PlanAsync([Declarations.Production], CancellationToken.None, _ => null);
        Assert.True(verify.InSync, string.Join("\n", verify.ToLines()));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Secrets_are_sent_sealed_for_the_environments_key_and_never_printed()
    {
        var (_, done) = await ApplyAsync("acme/secrets");

        var fake = standIn.Fake.Repository("acme/secrets");
        Assert.Equal(Declarations.SecretValue, fake.Environments["production"].Secrets["DB_PASSWORD"]);
        Assert.DoesNotContain(fake.Bodies, body => body.Contains(Declarations.SecretValue, StringComparison.Ordinal));
        Assert.Contains("environment 'production': secret DB_PASSWORD written (encrypted, value from $PIPELINE_TEST_DB_PASSWORD)", done);
        Assert.DoesNotContain(done, line => line.Contains(Declarations.SecretValue, StringComparison.Ordinal));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task A_reviewer_removed_on_GitHub_is_drift_naming_environment_and_field()
    {
        var (environments, _) = await ApplyAsync("acme/drift");
        standIn.Fake.Repository("acme/drift").Environments["production"].Reviewers.Remove(("User", "octocat"));

        var plan = await environments.PlanAsync([Declarations.Production], CancellationToken.None, _ => null);

        Assert.Equal("environment 'production': reviewers: GitHub has [acme/ops], the declaration says [acme/ops, octocat]", Assert.Single(plan.Differences).ToString());
        var done = await environments.ApplyAsync(plan, CancellationToken.None, _ => null);
        Assert.Equal(["environment 'production': protection updated (reviewers)"], done);
        Assert.True((await environments.PlanAsync([Declarations.Production], CancellationToken.None, _ => null)).InSync);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Undeclared_variables_and_secrets_are_drift_and_apply_removes_them()
    {
        var (environments, _) = await ApplyAsync("acme/extra");
        var github = standIn.Fake.Repository("acme/extra").Environments["production"];
        github.Variables["LEGACY"] = "1";
        github.Secrets["OLD_TOKEN"] = "x";

        var plan = await environments.PlanAsync([Declarations.Production], CancellationToken.None, _ => null);
        await environments.ApplyAsync(plan, CancellationToken.None, _ => null);

        Assert.Equal(["variable LEGACY", "secret OLD_TOKEN"], plan.Differences.Select(d => d.Field));
        Assert.False(github.Variables.ContainsKey("LEGACY"));
        Assert.False(github.Secrets.ContainsKey("OLD_TOKEN"));
    }
}
