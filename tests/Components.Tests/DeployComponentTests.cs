using System.Net;
using System.Net.Sockets;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Process;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;
using Pipeline.GitHub.Environments;

namespace Pipeline.Components.Tests;

/// <summary>
/// The deploy, workflow, trust-policy and GitHub targets read one declaration of environments: an undeclared or
/// not-yet-deployable environment and bad settings are refused before anything runs, each in one line.
/// </summary>
public sealed class DeployComponentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-deploy-component-").FullName;
    private readonly int _publicPort = FreePort();
    private readonly int _testPort = FreePort();

    public DeployComponentTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class Build(int publicPort, int testPort) : PipelineBuild, ICompile, ILint, ITest, IIntegration, IPush, IDeploy, IWorkflows, IAwsTrustPolicy, IGitHub
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

        string IImage.ImageRepository => "app";

        GitHubRepositorySettings IHaveEnvironments.GitHubRepositorySettings =>
            GitHubRepositorySettings.ForEcrImage("app", "eu-west-1", "arn:aws:iam::123456789012:role/app-image");

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("local", new ProcessPlatformSettings { PublicPort = publicPort, TestPort = testPort }),
            new("dev", null) { Promotion = 1, NotDeployableReason = "its cluster is not created yet" },
            new("prod", new EcsPlatformSettings
            {
                Cluster = "app-prod",
                Service = "app",
                Region = "eu-west-1",
                ProductionUrl = new Uri("https://app.example.test/"),
                TestUrl = new Uri("https://test.app.example.test/"),
            })
            {
                Promotion = 2,
                GitHub = new GitHubEnvironmentSettings
                {
                    Reviewers = ["acme/release-managers"],
                    Variables = new Dictionary<string, string>
                    {
                        ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/deploy-prod",
                        ["AWS_REGION"] = "eu-west-1",
                        ["APP_URL"] = "https://app.example.test/",
                    },
                },
            },
        ];
    }

    private (int Code, string Output) Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    private (int Code, string Output) RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(new Build(_publicPort, _testPort), args, [],
            new BuildOptions { RootDirectory = _root, Output = output, Environment = environment }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void An_undeclared_environment_from_PIPELINE_ENVIRONMENT_names_the_variable()
    {
        var (code, output) = RunWith(new Dictionary<string, string> { ["PIPELINE_ENVIRONMENT"] = "stagin" }, "Deploy", "--skip");

        Assert.Equal(1, code);
        Assert.Contains("unknown environment 'stagin' (from environment variable PIPELINE_ENVIRONMENT): the build declares local, dev, prod", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_environment_from_parameters_json_names_the_file()
    {
        File.WriteAllText(Path.Combine(_root, ".nuke", "parameters.json"), """{ "environment": "stagin" }""");

        var (code, output) = Run("Deploy", "--skip");

        Assert.Equal(1, code);
        Assert.Contains("unknown environment 'stagin' (from .nuke/parameters.json): the build declares local, dev, prod", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_undeclared_environment_is_refused_before_anything_runs_naming_the_declared_ones()
    {
        var (code, output) = Run("Deploy", "--skip", "--environment", "stagin");

        Assert.Equal(1, code);
        Assert.Contains("error: Target 'Deploy': --environment: unknown environment 'stagin' (from the command line): the build declares local, dev, prod", output, StringComparison.Ordinal);
        Assert.DoesNotContain("── Deploy", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_without_a_platform_says_why_it_cannot_be_deployed_and_Status_says_so_too()
    {
        var (code, output) = Run("Deploy", "--skip", "--environment", "dev");
        Assert.Equal(1, code);
        Assert.Contains("environment 'dev' is declared but cannot be deployed yet: its cluster is not created yet", output, StringComparison.Ordinal);

        var (statusCode, status) = Run("Status", "--environment", "dev");
        Assert.Equal(0, statusCode);
        Assert.Contains("Environment dev: not deployable yet (its cluster is not created yet).", status, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_deploy_setting_is_reported_in_the_users_units_before_anything_runs()
    {
        var (code, output) = Run("Deploy", "--skip", "--shift", "linear:150:x", "--bake-seconds", "-5", "--max-error-percent", "500");

        Assert.Equal(1, code);
        Assert.Contains("error: Target 'Deploy': --shift: traffic shift 'linear:150:x' is not understood", output, StringComparison.Ordinal);
        Assert.Contains("--bake-seconds -5 must be 0 or more (seconds)", output, StringComparison.Ordinal);
        Assert.Contains("error: Target 'Deploy': --max-error-percent 500 is outside 0..100 (percent of requests)", Run("Deploy", "--skip", "--max-error-percent", "500").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_and_Down_of_a_local_environment_that_never_ran_say_so()
    {
        var (code, status) = Run("Status");
        Assert.True(code == 0, status);
        Assert.Contains($"Environment local: http://127.0.0.1:{_publicPort}/", status, StringComparison.Ordinal);
        Assert.Contains("no deployments yet", status, StringComparison.Ordinal);

        var (downCode, down) = Run("Down");
        Assert.True(downCode == 0, down);
        Assert.Contains("'local' was not running.", down, StringComparison.Ordinal);
    }

    [Fact]
    public void The_delivery_workflow_deploys_to_the_promoted_environments_in_order_behind_their_roles()
    {
        var (code, output) = Run("Workflows");
        Assert.True(code == 0, output);

        var delivery = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
        Assert.Contains("  deploy-dev:", delivery, StringComparison.Ordinal);
        Assert.Contains("  deploy-prod:", delivery, StringComparison.Ordinal);
        Assert.Contains("needs: [test, image, deploy-dev]", delivery, StringComparison.Ordinal);
        Assert.Contains("url: https://app.example.test/", delivery, StringComparison.Ordinal);
        Assert.Contains("Deploy to prod (approval required)", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy-local", delivery, StringComparison.Ordinal);
        // The environment's other variables reach the build under their names; role and region go through the credentials step.
        Assert.Contains("      APP_URL: ${{ vars.APP_URL }}\n", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_ROLE_ARN: ${{", delivery, StringComparison.Ordinal);
        Assert.Equal(0, Run("Workflows", "--verify").Code);
    }

    [Fact]
    public void The_trust_policy_of_each_role_is_pinned_to_the_repository_and_environment()
    {
        var (code, output) = Run("AwsTrustPolicy", "--github-repository", "acme/app");

        Assert.True(code == 0, output);
        Assert.Contains("repo:acme/app:environment:prod", output, StringComparison.Ordinal);
        Assert.Contains("StringEquals", output, StringComparison.Ordinal);
        Assert.DoesNotContain("environment:dev", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_root, "artifacts", "aws-trust-policies", "prod.json")));

        // The image job's role (a repository variable, outside any environment): pinned to pushes to the delivery branch.
        Assert.Contains("Image job (pushes from main): trust policy of arn:aws:iam::123456789012:role/app-image", output, StringComparison.Ordinal);
        Assert.Contains("\"repo:acme/app:ref:refs/heads/main\"", File.ReadAllText(Path.Combine(_root, "artifacts", "aws-trust-policies", "image.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void GitHub_targets_without_a_token_say_how_to_give_one()
    {
        var (code, output) = Run("GitHubEnvironments", "--github-repository", "acme/app");

        Assert.Equal(1, code);
        Assert.Contains("GITHUB_TOKEN", output, StringComparison.Ordinal);
        Assert.Contains("--github-token", output, StringComparison.Ordinal);
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
