using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Process;

namespace Pipeline.Components.Tests.Services;

/// <summary>A migrations command runs from an image: the Process platform, which runs none, refuses it before anything changes.</summary>
public sealed class MigrationsCommandPlatformTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-migrations-command-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_process_platform_refuses_a_migrations_command_in_one_line_before_anything_runs()
    {
        await using var environment = new ProcessPlatformSettings { PublicPort = 0, TestPort = 0 }.Open(new EnvironmentContext
        {
            Name = "local-worker",
            RootDirectory = _root,
            LoggerFactory = NullLoggerFactory.Instance,
        });

        var error = await Assert.ThrowsAsync<DeploySettingsException>(() => environment.DeployAsync(
            new DeploySpec { Version = "1.0.0", PublishDirectory = _root, MigrationsCommand = ["alembic", "upgrade", "head"] }, CancellationToken.None));

        Assert.Equal(
            "environment 'local-worker' runs on the process platform, which runs no image, so it cannot run the migrations command 'alembic upgrade head' from one: deploy it on the docker platform, or declare FluentMigrator migrations",
            error.Message);
        Assert.False(Directory.Exists(Path.Combine(_root, ".pipeline", "environments", "local-worker", "deployments")), "no deployment was recorded");
    }
}
