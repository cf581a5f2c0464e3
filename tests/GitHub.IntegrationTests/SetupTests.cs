using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.GitHub.Environments;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary><c>GitHubSetup</c> as a user runs it on a repository made from the template, against the fake behind <c>prism proxy --errors</c>.</summary>
[Collection(GitHubStandInCollection.Name)]
public sealed class SetupTests(GitHubStandIn standIn) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-github-setup-").FullName;

    /// <summary>A copier's declaration: their own account, team and URLs, or the template's examples left in.</summary>
    private sealed class Build(bool examples) : PipelineBuild, IGitHub
    {
        private string Account => examples ? ExampleValues.ExampleAccount : "210987654321";

        GitHubRepositorySettings IHaveEnvironments.GitHubRepositorySettings =>
            GitHubRepositorySettings.ForEcrImage("todo", "eu-central-1", $"arn:aws:iam::{Account}:role/todo-image");

        IReadOnlyList<string> IHaveEnvironments.DeliveryBranches => ["develop", "main"];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("dev", null) { Promotion = 1, GitHub = Role("dev") },
            new("staging", null) { Promotion = 2, GitHub = Role("staging") with { BranchPolicy = DeploymentBranchPolicy.Branches("main") } },
            new("production", null)
            {
                Promotion = 3,
                Url = new Uri(examples ? "https://todo.example.com/" : "https://todo.acme.io/"),
                GitHub = Role("production") with
                {
                    UrlVariable = null,
                    Reviewers = [examples ? ExampleValues.ExampleTeam : "acme/ops"],
                    BranchPolicy = DeploymentBranchPolicy.Branches("main"),
                },
            },
        ];

        private GitHubEnvironmentSettings Role(string environment) => new()
        {
            UrlVariable = "TODO_URL",
            OwnedVariables = ["TODO_URL"],
            Variables = new Dictionary<string, string>
            {
                ["AWS_ROLE_ARN"] = $"arn:aws:iam::{Account}:role/todo-{environment}",
                ["AWS_REGION"] = "eu-central-1",
                ["TODO_URL"] = examples ? $"https://{environment}.todo.example/" : $"https://{environment}.todo.acme.io/",
            },
        };
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string[] Lines) Run(string repository, bool examples, params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        var output = new StringWriter { NewLine = "\n" };
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp_setuptest", ["GITHUB_REPOSITORY"] = repository, ["GITHUB_API_URL"] = standIn.ProxyUrl.ToString() };
        var code = BuildSession.RunAsync(new Build(examples), args, [], new BuildOptions { RootDirectory = _root, Environment = environment, Output = output })
            .GetAwaiter().GetResult();
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [FactRequiring(Requirement.Prism)]
    public void One_command_readies_a_fresh_repository_and_verify_is_green_after_it()
    {
        var fake = standIn.Fake.Repository("acme/todo");

        var before = Run("acme/todo", examples: false, "GitHubSetup", "--verify");
        var apply = Run("acme/todo", examples: false, "GitHubSetup");
        var verify = Run("acme/todo", examples: false, "GitHubSetup", "--verify");

        Assert.NotEqual(0, before.Code);
        Assert.Contains("repository variable ECR_REPOSITORY: GitHub has no such variable, the declaration says 'todo'", before.Lines);
        Assert.True(apply.Code == 0, string.Join('\n', apply.Lines));
        Assert.Contains("repository variable AWS_ROLE_ARN created", apply.Lines);
        Assert.True(verify.Code == 0, string.Join('\n', verify.Lines));
        Assert.Contains(verify.Lines, l => l.StartsWith("GitHub repository acme/todo matches the declaration (dev, staging, production, repository variables", StringComparison.Ordinal));
        Assert.Equal(
            new Dictionary<string, string> { ["AWS_REGION"] = "eu-central-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::210987654321:role/todo-image", ["ECR_REPOSITORY"] = "todo" },
            fake.Variables.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary());

        // dev declares no branch policy: it gets the delivery branches; staging and production keep their own.
        Assert.Equal(["develop", "main"], fake.Environments["dev"].Patterns.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["main"], fake.Environments["staging"].Patterns.Select(p => p.Name));

        // A value the repository owns stays the repository's: neither verify nor apply touches it.
        fake.Environments["dev"].Variables["TODO_URL"] = "https://dev.todo.internal/";
        Assert.Equal(0, Run("acme/todo", examples: false, "GitHubSetup", "--verify").Code);
        Assert.Equal(0, Run("acme/todo", examples: false, "GitHubSetup").Code);
        Assert.Equal("https://dev.todo.internal/", fake.Environments["dev"].Variables["TODO_URL"]);

        fake.Variables["ECR_REPOSITORY"] = "someone-else";
        var drift = Run("acme/todo", examples: false, "GitHubSetup", "--verify");
        Assert.NotEqual(0, drift.Code);
        Assert.Contains("repository variable ECR_REPOSITORY: GitHub has 'someone-else', the declaration says 'todo'", drift.Lines);
    }

    [FactRequiring(Requirement.Prism)]
    public void Every_value_still_an_example_is_listed_at_once_and_nothing_is_applied()
    {
        var verify = Run("acme/template-copy", examples: true, "GitHubSetup", "--verify");
        var apply = Run("acme/template-copy", examples: true, "GitHubSetup");

        Assert.NotEqual(0, verify.Code);
        Assert.NotEqual(0, apply.Code);
        var failure = apply.Lines.First(l => l.Contains("declared value(s) are still the template's examples", StringComparison.Ordinal));
        Assert.Contains("9 declared value(s)", failure, StringComparison.Ordinal); // 4 roles, 3 owned URL defaults, the team, the URL: all in one line
        Assert.Contains("environment 'staging': variable TODO_URL 'https://staging.todo.example/' is an example domain (staging.todo.example)", failure, StringComparison.Ordinal);
        Assert.Contains("repository variable AWS_ROLE_ARN 'arn:aws:iam::123456789012:role/todo-image' is the example AWS account 123456789012", failure, StringComparison.Ordinal);
        Assert.Contains("environment 'production': reviewer 'pipeline-dev/release-managers' is the template's example team", failure, StringComparison.Ordinal);
        Assert.Contains("environment 'production': URL https://todo.example.com/ is an example domain (todo.example.com)", failure, StringComparison.Ordinal);
        Assert.Contains("environment 'dev': variable AWS_ROLE_ARN 'arn:aws:iam::123456789012:role/todo-dev' is the example AWS account 123456789012", failure, StringComparison.Ordinal);
        Assert.Contains(verify.Lines, l => l.Contains("9 declared value(s) are still the template's examples", StringComparison.Ordinal));
        var fake = standIn.Fake.Repository("acme/template-copy");
        Assert.Empty(fake.Environments);
        Assert.Empty(fake.Variables);
    }

    [FactRequiring(Requirement.Prism)]
    public void A_private_repository_whose_plan_refuses_reviewers_is_told_what_the_gate_becomes()
    {
        var fake = standIn.Fake.Repository("acme/private-todo");
        fake.Visibility = "private";
        fake.Plan = "team";

        var (code, lines) = Run("acme/private-todo", examples: false, "GitHubSetup");

        Assert.NotEqual(0, code);
        var gate = "environment 'production': the repository is private: GitHub holds required reviewers and wait timers of a private repository only on GitHub Enterprise";
        Assert.Contains(lines, l => l.StartsWith(gate, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("(422 Fail to create protected rule, please ensure billing plan include protected branch gate.)", StringComparison.Ordinal)
            && l.Contains("the gate becomes the branch policy alone (anyone who can push to main deploys it)", StringComparison.Ordinal));
    }
}
