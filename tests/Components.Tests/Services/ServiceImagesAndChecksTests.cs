using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;

namespace Pipeline.Components.Tests.Services;

/// <summary>
/// What a build of services refuses before any Docker or registry work: an image whose preparing command fails, a push
/// with no image built, FluentMigrator migrations with no database, a check target no service declares.
/// </summary>
public sealed class ServiceImagesAndChecksTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-service-images-").FullName;

    public ServiceImagesAndChecksTests()
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(root, "services", "worker"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private sealed class Build : PipelineBuild, IDeliverServices
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
        [
            new("worker")
            {
                Directory = "services/worker",
                Image = new ServiceImage { Prepare = new ServiceCommand("sh", "-c", "pwd > prepared.txt && exit 3") },
                Migrations = ServiceMigrations.FluentMigrator(typeof(ServiceImagesAndChecksTests).Assembly),
            },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments => [new("dev", new MigratingPlatform())];
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(new Build(), args, [], new BuildOptions { RootDirectory = root, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void An_image_whose_preparing_command_fails_is_not_built_and_the_error_names_the_command()
    {
        var (code, output) = Run("Image");

        Assert.Equal(1, code);
        Assert.True(output.Contains("service 'worker': preparing its image failed: sh -c pwd > prepared.txt && exit 3 exited with code 3", StringComparison.Ordinal), output);
        Assert.Equal(Path.Combine(root, "services", "worker"), File.ReadAllText(Path.Combine(root, "services", "worker", "prepared.txt")).Trim());
        Assert.False(File.Exists(Path.Combine(root, "artifacts", "services", "worker", "local-image.txt")));
    }

    [Fact]
    public void Push_without_a_built_image_says_which_command_builds_it()
    {
        var (code, output) = Run("Push", "--skip", "--registry", "localhost:1/acme");

        Assert.Equal(1, code);
        Assert.Contains("service 'worker': no built image is recorded in artifacts/services/worker/local-image.txt; run ./build.sh Image --service worker first", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FluentMigrator_migrations_on_a_platform_that_names_no_database_fail_the_release_before_traffic_moves()
    {
        var (code, output) = Run("Deploy", "--environment", "dev", "--image", "r.example/worker@sha256:aa");

        Assert.Equal(1, code);
        Assert.Contains(
            "Release to 'dev' stopped at service 'worker': worker failed before any of its traffic moved: service 'worker': its platform names no database for its FluentMigrator migrations: declare the environment's database (Database, PostgresImage); no other service had moved",
            output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_check_target_no_service_declares_commands_for_is_skipped_saying_so()
    {
        var (code, output) = Run("Integration");

        Assert.True(code == 0, output);
        Assert.Contains("no selected service declares Integration commands", output, StringComparison.Ordinal);
    }

    /// <summary>A platform that runs the release's in-process migrations first, naming no database for them.</summary>
    private sealed record MigratingPlatform : PlatformSettings
    {
        public override string Platform => "migrating";

        public override DeployInputs Inputs => DeployInputs.None;

        public override IPlatformEnvironment Open(EnvironmentContext context) => new Part(context.Name);

        private sealed class Part(string name) : IPlatformEnvironment
        {
            public string Name => name;

            public string Platform => "migrating";

            public Uri? PublicUrl => null;

            public async Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken)
            {
                await spec.Migrate!(null, cancellationToken);
                throw new InvalidOperationException("the migrations should have been refused");
            }

            public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken) => throw new InvalidOperationException("nothing to roll back");

            public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => Task.FromResult("");

            public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
