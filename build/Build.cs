using System.Reflection;
using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Paths;
using Pipeline.GitHub.Environments;
using Pipeline.Workflows;
using Pipeline.Workflows.Definition;

namespace Build;

/// <summary>This repository's own build: composes the components it ships, so every target is dogfooded.</summary>
internal sealed class Build : PipelineBuild,
    ICompile, ILint, ITest, IIntegration, IPack, IPublish, IImage, IPush, IMigrate, IDeploy, IWorkflows
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((ITest)x).Test);

    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "Sample" / "Pipeline.Sample.csproj";

    string IImage.ImageRepository => "pipeline-sample";

    Assembly IMigrate.MigrationsAssembly => typeof(Pipeline.Sample.Migrations.M202611220001_CreateTodos).Assembly;

    /// <summary>The sample's SQLite database in the <c>local</c> environment (what Migrate changes by default).</summary>
    string? IMigrate.DefaultConnectionString =>
        $"Data Source={RootDirectory / ".pipeline" / "environments" / "local" / "data" / "sample.db"}";

    /// <summary>
    /// Where this repository deploys the sample. <c>local</c> and <c>local-docker</c> run on this machine; <c>dev</c>,
    /// <c>staging</c> and <c>production</c> are promoted in that order by the delivery workflow, production behind
    /// required reviewers.
    /// </summary>
    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
    [
        new("local", new ProcessPlatformSettings
        {
            PublicPort = 5080,
            TestPort = 5081,
            Environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "sqlite",
                ["ConnectionStrings__Default"] = "Data Source={data}/sample.db",
            },
            Database = new MigrationTarget("sqlite", "Data Source={data}/sample.db"),
        }),
        new("local-docker", new DockerPlatformSettings
        {
            PublicPort = 5090,
            TestPort = 5091,
            Environment = new Dictionary<string, string> { ["Database__Provider"] = "postgres" },
        }),
        new("dev", null) { Promotion = 1, NotDeployableReason = NotYetOnEcs },
        new("staging", null) { Promotion = 2, NotDeployableReason = NotYetOnEcs },
        new("production", null)
        {
            Promotion = 3,
            NotDeployableReason = NotYetOnEcs,
            GitHub = new GitHubEnvironmentSettings
            {
                Reviewers = ["pipeline-dev/release-managers"],
                PreventSelfReview = true,
                BranchPolicy = DeploymentBranchPolicy.Protected,
            },
        },
    ];

    SmokeTests IDeploy.SmokeTests => new SmokeTests()
        .Http("live", "/health/live")
        .Http("ready (database reachable, schema migrated)", "/health/ready", c => c.MaxLatency(TimeSpan.FromSeconds(2)))
        .Http("version answers", "/version", c => c.BodyContains("\"version\""))
        .Add(new TodoRoundTrip())
        .Http("todos can be listed", "/todos", c => c.MaxLatency(TimeSpan.FromSeconds(1)));

    /// <summary>
    /// The reference pipelines; the image job pushes to the ECR repository named by the repository variable
    /// ECR_REPOSITORY, with credentials from the OIDC role.
    /// </summary>
    IReadOnlyList<WorkflowDefinition> IWorkflows.WorkflowDefinitions
    {
        get
        {
            var delivery = ReferencePipelines.Delivery();
            var push = new Dictionary<string, string> { ["ecr"] = "true", ["registry"] = "${{ vars.ECR_REPOSITORY }}" };
            return
            [
                ReferencePipelines.PullRequest(),
                delivery with { Jobs = [.. delivery.Jobs.Select(job => job.Id == ReferencePipelines.ImageJob ? job with { Parameters = push } : job)] },
            ];
        }
    }

    private const string NotYetOnEcs = "its Amazon ECS platform is not declared yet";
}
