using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.GitHub.Environments;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>The IGitHub targets as a user runs them, through the engine, against the fake behind <c>prism proxy --errors</c>.</summary>
[Collection(GitHubStandInCollection.Name)]
public sealed class ComponentTests(GitHubStandIn standIn) : IDisposable
{
    private const string SecretVariable = "PIPELINE_COMPONENT_TEST_DEPLOY_KEY";
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-github-").FullName;

    private sealed class Build : PipelineBuild, IGitHub
    {
        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("local", null),
            new("production", null)
            {
                Promotion = 2,
                GitHub = new GitHubEnvironmentSettings
                {
                    Reviewers = ["octocat", "acme/ops"],
                    PreventSelfReview = true,
                    WaitTimer = TimeSpan.FromMinutes(10),
                    BranchPolicy = DeploymentBranchPolicy.Branches("main"),
                    Variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1" },
                    Secrets = new Dictionary<string, SecretSource> { ["DEPLOY_KEY"] = new(SecretVariable) },
                },
            },
        ];
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string[] Lines) Run(Dictionary<string, string> environment, params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(new Build(), args, [], new BuildOptions { RootDirectory = _root, Environment = environment, Output = output })
            .GetAwaiter().GetResult();
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private (int Code, string[] Lines) Run(string repository, params string[] args) =>
        Run(new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_componenttest", ["GITHUB_REPOSITORY"] = repository, ["GITHUB_API_URL"] = standIn.ProxyUrl.ToString() }, args);

    [FactRequiring(Requirement.Prism)]
    public void Without_a_token_the_target_says_how_to_provide_one()
    {
        var (code, lines) = Run(new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "acme/none" }, "GitHubEnvironments");

        Assert.NotEqual(0, code);
        Assert.Contains(lines, l => l.Contains("no GitHub token: set GITHUB_TOKEN or pass --github-token", StringComparison.Ordinal));
    }

    [FactRequiring(Requirement.Prism)]
    public void Dry_run_apply_and_verify_as_a_user_runs_them()
    {
        Environment.SetEnvironmentVariable(SecretVariable, "key-material-not-for-output");
        try
        {
            var dry = Run("acme/cli", "GitHubEnvironments", "--dry-run");
            Assert.Equal(0, dry.Code);
            Assert.Contains("environment 'production': environment: GitHub has no such environment, the declaration says it exists", dry.Lines);
            Assert.Contains(dry.Lines, l => l.StartsWith("Dry run: ", StringComparison.Ordinal) && l.EndsWith("nothing changed.", StringComparison.Ordinal));
            Assert.Empty(standIn.Fake.Repository("acme/cli").Environments);

            var apply = Run("acme/cli", "GitHubEnvironments");
            Assert.Equal(0, apply.Code);
            Assert.Contains("environment 'production': created", apply.Lines);
            Assert.Contains(apply.Lines, l => l.StartsWith("Applied ", StringComparison.Ordinal));

            var verify = Run("acme/cli", "GitHubEnvironments", "--verify");
            Assert.Equal(0, verify.Code);
            Assert.Contains(verify.Lines, l => l.Contains("GitHub repository acme/cli matches the declaration (production;", StringComparison.Ordinal));

            standIn.Fake.Repository("acme/cli").Environments["production"].Reviewers.Remove(("User", "octocat"));
            var drift = Run("acme/cli", "GitHubEnvironments", "--verify");
            Assert.NotEqual(0, drift.Code);
            Assert.Contains("environment 'production': reviewers: GitHub has [acme/ops], the declaration says [acme/ops, octocat]", drift.Lines);

            foreach (var line in dry.Lines.Concat(apply.Lines).Concat(verify.Lines).Concat(drift.Lines))
            {
                Assert.DoesNotContain("key-material-not-for-output", line, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(SecretVariable, null);
        }
    }

    [FactRequiring(Requirement.Prism)]
    public void Approve_reviews_the_newest_waiting_run_of_the_delivery_workflow()
    {
        var fake = standIn.Fake.Repository("acme/cli-approve");
        fake.Environments["production"] = new FakeEnvironment(standIn.Fake.NextId(), "production");
        fake.Environments["production"].Reviewers.Add(("User", "octocat"));
        fake.Deployments.Add(new FakeDeployment(standIn.Fake.NextId(), "9fceb02d0ae598e95dc970b74767f19372d61af8", "staging", "octocat", new Dictionary<string, string> { ["version"] = "1.4.0", ["digest"] = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945" }));
        fake.Runs[4242] = new FakeRun(4242, "9fceb02d0ae598e95dc970b74767f19372d61af8", "delivery.yml");
        fake.Runs[4242].Pending.Add("production");

        var (code, lines) = Run("acme/cli-approve", "Approve", "--comment", "Ship it");

        Assert.Equal(0, code);
        Assert.Contains("  production: commit 9fceb02d0ae5 (main), version 1.4.0, image sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945, asked by hubot; reviewers octocat", lines);
        Assert.Contains("Approved production in run 4242.", lines);
        Assert.Equal([("approved", "Ship it", "octocat", "production")], fake.Runs[4242].Approvals);
    }
}
