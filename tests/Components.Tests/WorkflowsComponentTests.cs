using Pipeline.Components.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components.Tests;

/// <summary>
/// <c>Workflows</c> of a build that has only some of the reference pipelines' targets: the defaults generate for it, and
/// every error of a definition is printed on a line of its own.
/// </summary>
public sealed class WorkflowsComponentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-workflows-component-").FullName;

    public WorkflowsComponentTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Lint and unit tests, no Integration, no image, no deploy.</summary>
    private sealed class ChecksOnly : PipelineBuild, ILint, ITest, IWorkflows;

    /// <summary>The same build with workflows that name two targets it does not have.</summary>
    private sealed class Misspelt : PipelineBuild, ILint, ITest, IWorkflows
    {
        IReadOnlyList<WorkflowDefinition> IWorkflows.WorkflowDefinitions =>
            [new WorkflowDefinition("ci").Job("lint", ["Lnit"]).Job("integration", ["Integration"])];
    }

    /// <summary>develop → dev and main → staging on push, production manual behind a reviewer.</summary>
    private class PerBranch : PipelineBuild, ILint, ITest, IPush, IDeploy, IWorkflows
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

        string IImage.ImageRepository => "app";

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("dev", null) { Promotion = 1, DeployOn = DeployTrigger.OnPush("develop") },
            new("staging", null) { Promotion = 2 },
            new("production", null)
            {
                Promotion = 3,
                DeployOn = DeployTrigger.Manual,
                GitHub = new Pipeline.GitHub.Environments.GitHubEnvironmentSettings { Reviewers = ["octocat"] },
            },
        ];
    }

    /// <summary>The same build declaring the repository variables of its ECR image, as GitHubSetup applies them.</summary>
    private sealed class PerBranchOnEcr : PerBranch, IHaveEnvironments
    {
        Pipeline.GitHub.Environments.GitHubRepositorySettings IHaveEnvironments.GitHubRepositorySettings =>
            Pipeline.GitHub.Environments.GitHubRepositorySettings.ForEcrImage("app", "eu-west-1", "arn:aws:iam::210987654321:role/app-image");
    }

    private (int Code, string Output) Run(PipelineBuild build, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, args, [], new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void The_default_workflows_of_a_build_without_integration_generate_with_the_jobs_it_has()
    {
        var (code, output) = Run(new ChecksOnly(), "Workflows");

        Assert.True(code == 0, output);
        var pullRequest = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "pull-request.yml"));
        var delivery = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
        Assert.Contains("./build.sh Lint Workflows --verify", pullRequest, StringComparison.Ordinal);
        Assert.Contains("./build.sh Test", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("ntegration", pullRequest + delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("image", delivery, StringComparison.Ordinal);

        var (verifyCode, verified) = Run(new ChecksOnly(), "Workflows", "--verify");
        Assert.True(verifyCode == 0, verified);
    }

    [Fact]
    public void Every_error_of_the_definitions_is_printed_on_its_own_line()
    {
        var (code, output) = Run(new Misspelt(), "Workflows");

        Assert.Equal(1, code);
        var lines = output.Split('\n');
        Assert.Contains("error: workflow 'ci', job 'lint': runs unknown target 'Lnit'. Did you mean 'Lint'?", lines);
        Assert.Contains(lines, l => l.StartsWith("error: workflow 'ci', job 'integration': runs unknown target 'Integration'.", StringComparison.Ordinal));
        Assert.Contains("✗ Workflows failed: 2 errors in the workflow definitions; nothing was written", lines);
        Assert.DoesNotContain("more error", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, ".github")));
    }

    [Fact]
    public void A_build_declaring_promotion_per_environment_gets_delivery_promote_and_rollback_following_it()
    {
        var build = new PerBranch();
        var (code, output) = Run(build, "Workflows");

        Assert.True(code == 0, output);
        string Read(string name) => File.ReadAllText(Path.Combine(_root, ".github", "workflows", name));
        var delivery = Read("delivery.yml");
        Assert.Contains("    branches: [main, develop]\n", delivery, StringComparison.Ordinal);
        Assert.Contains("  deploy-dev:\n    name: Deploy to dev\n    runs-on: ubuntu-latest\n    needs: [test, image]\n    if: github.ref == 'refs/heads/develop'\n", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("deploy-production", delivery, StringComparison.Ordinal);
        Assert.Contains("./build.sh Deploy --skip --environment production --image \"$IMAGE\" --promote true", Read("promote.yml"), StringComparison.Ordinal);
        Assert.Contains("./build.sh Rollback --environment production", Read("rollback.yml"), StringComparison.Ordinal);
        Assert.Equal(["main", "develop"], ((IHaveEnvironments)build).PushedBranches);
        Assert.Equal(["develop", "main"], ((IHaveEnvironments)build).DeploymentBranches(((IHaveEnvironments)build).FindEnvironment("dev")));
    }

    [Fact]
    public void The_image_job_pushes_to_the_ecr_repository_the_declared_repository_variable_names()
    {
        var (code, output) = Run(new PerBranchOnEcr(), "Workflows");
        Assert.True(code == 0, output);
        var onEcr = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
        (code, output) = Run(new PerBranch(), "Workflows");
        Assert.True(code == 0, output);
        var undeclared = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));

        Assert.Contains("          REGISTRY: ${{ vars.ECR_REPOSITORY }}\n        run: ./build.sh Push --skip --ecr true --registry \"$REGISTRY\"\n", onEcr, StringComparison.Ordinal);
        Assert.DoesNotContain("ECR_REPOSITORY", undeclared, StringComparison.Ordinal);
        Assert.Contains("run: ./build.sh Push --skip\n", undeclared, StringComparison.Ordinal);
    }
}
