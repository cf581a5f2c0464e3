using Pipeline.Components.Environments;
using Pipeline.Components.GitHub;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components.Tests;

/// <summary>
/// Where <c>Approve</c> and <c>Reject</c> look without <c>--run-id</c>: the generated workflows that deploy to an
/// environment behind a reviewer, as the build's declaration makes them.
/// </summary>
public sealed class ReviewedWorkflowsTests : IDisposable
{
    private static readonly GitHubEnvironmentSettings Reviewed = new() { Reviewers = ["octocat"] };

    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-reviewed-workflows-").FullName;

    public ReviewedWorkflowsTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>dev on push, production by hand behind a reviewer: only promote and rollback reach production.</summary>
    private sealed class ManualProduction : PipelineBuild, ILint, ITest, IPush, IDeploy, IWorkflows, IGitHub
    {
        AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

        string IImage.ImageRepository => "app";

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("dev", null) { Promotion = 1 },
            new("production", null) { Promotion = 2, DeployOn = DeployTrigger.Manual, GitHub = Reviewed },
        ];

        Target ShowReviewedWorkflows => _ => _.Executes(() => Output.WriteLine(string.Join(" ", ((IGitHub)this).ReviewedWorkflowFiles)));
    }

    /// <summary>A reviewer's build: the GitHub targets and no workflows of its own.</summary>
    private sealed class ReviewerOnly : PipelineBuild, IGitHub
    {
        Target ShowReviewedWorkflows => _ => _.Executes(() => Output.WriteLine(string.Join(" ", ((IGitHub)this).ReviewedWorkflowFiles)));
    }

    private string Show(PipelineBuild build)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, ["ShowReviewedWorkflows"], [], new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        Assert.True(code == 0, output.ToString());
        return output.ToString();
    }

    [Fact]
    public void A_build_whose_reviewed_environment_is_manual_searches_its_promote_and_rollback_workflows_only()
    {
        Assert.Contains("\npromote.yml rollback.yml\n", "\n" + Show(new ManualProduction()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_that_generates_no_workflow_searches_the_reference_delivery_promote_and_rollback_workflows()
    {
        Assert.Contains("\ndelivery.yml promote.yml rollback.yml\n", "\n" + Show(new ReviewerOnly()), StringComparison.Ordinal);
    }

    [Fact]
    public void Workflows_deploying_to_a_reviewed_environment_are_chosen_and_without_any_every_deploying_workflow()
    {
        WorkflowEnvironment[] environments = [new("staging") { Promotion = 1 }, new("production") { Promotion = 2, NeedsApproval = true }];
        var definitions = ReferencePipelines.All(environments);

        // Production reached from delivery only: the promote and rollback runs can never wait for its reviewer.
        var onlyDelivery = definitions.Select(d => d.FileName == ReferencePipelines.DeliveryWorkflow ? d : d with { Jobs = [.. d.Jobs.Where(j => j.Environment?.Name != "production")] }).ToList();

        Assert.Equal(["delivery.yml"], ReviewedWorkflows.Files(onlyDelivery, ["production"]));
        Assert.Equal(["delivery.yml", "promote.yml", "rollback.yml"], ReviewedWorkflows.Files(onlyDelivery, []));
        Assert.Equal(["delivery.yml", "promote.yml", "rollback.yml"], ReviewedWorkflows.Files(definitions, ["production"]));
    }
}
