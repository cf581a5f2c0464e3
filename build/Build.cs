using System.Reflection;
using Pipeline.Components;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Paths;
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

    /// <summary>The sample's SQLite database in the local environment being deployed.</summary>
    string? IMigrate.DefaultConnectionString => $"Data Source={SampleDatabase(((IDeploy)this).OpenEnvironment())}";

    /// <summary>SQLite in the environment's data folder for processes; the platform's PostgreSQL container for Docker.</summary>
    IReadOnlyDictionary<string, string> IDeploy.ServiceEnvironment(LocalEnvironment environment, DeployPlatformKind platform) =>
        platform == DeployPlatformKind.Docker
            ? new Dictionary<string, string> { ["Database__Provider"] = "postgres" }
            : new Dictionary<string, string>
            {
                ["Database__Provider"] = "sqlite",
                ["ConnectionStrings__Default"] = $"Data Source={SampleDatabase(environment)}",
            };

    SmokeTests IDeploy.SmokeTests => new SmokeTests()
        .Http("live", "/health/live")
        .Http("ready (database reachable, schema migrated)", "/health/ready", c => c.MaxLatency(TimeSpan.FromSeconds(2)))
        .Http("version answers", "/version", c => c.BodyContains("\"version\""))
        .Http("todos can be created", HttpMethod.Post, "/todos", c => c.Body("""{"title":"smoke test"}""").ExpectStatus(201))
        .Http("todos can be listed", "/todos", c => c.MaxLatency(TimeSpan.FromSeconds(1)));

    /// <summary>The reference pipelines with this repository's CI needs (see <see cref="RepositoryWorkflows"/>).</summary>
    IReadOnlyList<WorkflowDefinition> IWorkflows.WorkflowDefinitions => RepositoryWorkflows.Definitions(((IWorkflows)this).DeliveryEnvironments ?? []);

    private static string SampleDatabase(LocalEnvironment environment)
    {
        Directory.CreateDirectory(environment.DataDirectory);
        return Path.Combine(environment.DataDirectory, "sample.db");
    }
}
