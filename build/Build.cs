using System.Reflection;
using Pipeline.Components;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Ecs;
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
    ICompile, ILint, ITest, IIntegration, IPack, IPublish, IImage, IPush, IMigrate, IDeploy, IWorkflows, IGitHub, IAwsTrustPolicy, ILocalEcs,
    IApiSnapshot
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((ITest)x).Test);

    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "Sample" / "Pipeline.Sample.csproj";

    string IImage.ImageRepository => "pipeline-sample";

    Assembly IMigrate.MigrationsAssembly => typeof(Pipeline.Sample.Migrations.M202611220001_CreateTodos).Assembly;

    /// <summary>The sample's SQLite database in the <c>local</c> environment (what Migrate changes by default).</summary>
    string? IMigrate.DefaultConnectionString =>
        $"Data Source={RootDirectory / ".pipeline" / "environments" / "local" / "data" / "sample.db"}";

    /// <summary>
    /// Where this repository deploys the sample. <c>local</c> and <c>local-docker</c> run on this machine; <c>rehearsal</c>
    /// is the ECS path end to end on the local ECS (SQLite on a shared volume, migrated by the one-off task); <c>dev</c>,
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
        new("rehearsal", ((ILocalEcs)this).OnLocalEcs(OnEcs("rehearsal") with
        {
            Region = "us-east-1",
            TaskDefinitionFile = "src/Sample/Ecs/task-definition.json",
            Variables = new Dictionary<string, string> { ["family"] = "pipeline-rehearsal-sample", ["data_volume"] = "pipeline-rehearsal-sample-data" },
            GateTimeout = TimeSpan.FromMinutes(30),
        }, productionPort: 5100, testPort: 5101)),
        new("dev", OnEcs("dev")) { Promotion = 1, GitHub = AwsVariables("dev") },
        new("staging", OnEcs("staging")) { Promotion = 2, GitHub = AwsVariables("staging") },
        new("production", OnEcs("production"))
        {
            Promotion = 3,
            GitHub = AwsVariables("production") with
            {
                Reviewers = ["pipeline-dev/release-managers"],
                PreventSelfReview = true,
                BranchPolicy = DeploymentBranchPolicy.Protected,
            },
        },
    ];

    /// <summary>What the image job reads from the repository's variables (GitHubSetup applies them; AwsTrustPolicy prints the role's policy).</summary>
    GitHubRepositorySettings IHaveEnvironments.GitHubRepositorySettings =>
        GitHubRepositorySettings.ForEcrImage("pipeline-sample", AwsRegion, "arn:aws:iam::123456789012:role/pipeline-image");

    SmokeTests IDeploy.SmokeTests => new SmokeTests()
        .Http("live", "/health/live")
        .Http("ready (database reachable, schema migrated)", "/health/ready", c => c.MaxLatency(TimeSpan.FromSeconds(2)))
        .Http("version answers", "/version", c => c.BodyContains("\"version\""))
        .Add(new TodoRoundTrip())
        .Http("todos can be listed", "/todos", c => c.MaxLatency(TimeSpan.FromSeconds(1)));

    /// <summary>The reference pipelines with this repository's CI needs (see <see cref="RepositoryWorkflows"/>).</summary>
    IReadOnlyList<WorkflowDefinition> IWorkflows.WorkflowDefinitions => RepositoryWorkflows.Definitions(((IWorkflows)this).WorkflowEnvironments ?? [], ((IHaveEnvironments)this).DeliveryBranches, ((IWorkflows)this).ImageCredentials);

    /// <summary>
    /// The sample on Amazon ECS Fargate in <paramref name="environment"/>: native blue/green gated by the smoke tests,
    /// migrations as a one-off task of the new task definition (the image's entry point with <c>--migrate</c>). The
    /// region comes from the deploy job (AWS_REGION, set by the OIDC step from the GitHub environment's variable); the
    /// URLs from the GitHub environment's variables (<see cref="AwsVariables"/>, this repository's values as defaults);
    /// cluster and service follow this repository's naming.
    /// </summary>
    private static EcsPlatformSettings OnEcs(string environment) => new()
    {
        Cluster = $"pipeline-{environment}",
        Service = "sample",
        Region = Variable("AWS_REGION") ?? AwsRegion,
        Role = AwsRole(environment),
        Container = "sample",
        MigrationsCommand = ["--migrate"], // arguments of the image's entrypoint (dotnet Pipeline.Sample.dll)
        TestUrl = new Uri(Variable(TestUrlVariable) ?? TestUrl(environment)),
        ProductionUrl = new Uri(Variable(UrlVariable) ?? Url(environment)),
        Alarms = [$"sample-{environment}-5xx", $"sample-{environment}-p99"],
    };

    /// <summary>
    /// The GitHub environment's variables: the OIDC role to assume and its region, and the values that differ per
    /// repository (the service's URLs), which the deploy job passes to the build under the same names.
    /// </summary>
    private static GitHubEnvironmentSettings AwsVariables(string environment) => new()
    {
        UrlVariable = UrlVariable,
        OwnedVariables = [UrlVariable, TestUrlVariable],
        Variables = new Dictionary<string, string>
        {
            ["AWS_ROLE_ARN"] = AwsRole(environment),
            ["AWS_REGION"] = AwsRegion,
            [UrlVariable] = Url(environment),
            [TestUrlVariable] = TestUrl(environment),
        },
    };

    /// <summary>A variable the deploy job sets; GitHub passes one not set on the environment as empty: the default applies.</summary>
    private static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private const string UrlVariable = "SAMPLE_URL";

    private const string TestUrlVariable = "SAMPLE_TEST_URL";

    private static string Url(string environment) => $"https://{environment}.sample.pipeline.example/";

    private static string TestUrl(string environment) => $"https://test.{environment}.sample.pipeline.example/";

    /// <summary>An obviously fake account: forks replace it with theirs.</summary>
    private static string AwsRole(string environment) => $"arn:aws:iam::123456789012:role/pipeline-deploy-{environment}";

    private const string AwsRegion = "eu-west-1";
}
