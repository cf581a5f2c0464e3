using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy.Driver;

/// <summary>
/// How the tests, this driver and the benchmark run the sample on the Docker platform: PostgreSQL from
/// <c>databaseImage</c>, the sample's own health check command, small limits, and a deploy request whose migrations
/// hook runs the Migrate capability against the host connection string before the traffic shift.
/// </summary>
public static class SampleOnDocker
{
    public static DockerPlatformOptions Options(string databaseImage, TimeSpan grace) => new()
    {
        Environment = new Dictionary<string, string> { ["Database__Provider"] = "postgres" },
        HealthCheckCommand = ["dotnet", "/app/Pipeline.Sample.dll", "--healthcheck", "http://127.0.0.1:8080/health/live"],
        HealthCheckInterval = TimeSpan.FromSeconds(2),
        MemoryBytes = 256L * 1024 * 1024,
        Cpus = 1.0,
        StopGracePeriod = grace,
        DrainTimeout = TimeSpan.FromSeconds(5),
        Database = new DockerDatabaseOptions { Image = databaseImage, ServerArguments = ["-c", "fsync=off"] },
    };

    /// <summary>The Docker-platform settings of a throw-away environment of the sample (the database from <paramref name="databaseImage"/>).</summary>
    public static DockerPlatformSettings Settings(string databaseImage, TimeSpan grace, int publicPort, int testPort) => new()
    {
        PublicPort = publicPort,
        TestPort = testPort,
        Environment = new Dictionary<string, string> { ["Database__Provider"] = "postgres" },
        PostgresImage = databaseImage,
        Options = Options(databaseImage, grace),
    };

    public static DeployRequest Request(DockerPlatform platform, string imageId, string version, ILogger logger, IReadOnlyDictionary<string, string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return new DeployRequest(new Release(version, imageId, "abc1234") { Environment = variables ?? new Dictionary<string, string>() })
        {
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(1), PollInterval = TimeSpan.FromMilliseconds(200), MinimumRequests = 5 },
            HealthTimeout = TimeSpan.FromSeconds(30),
            SmokeTests = new SmokeTests()
                .Http("ready", "/health/ready")
                .Http("version", "/version", c => c.JsonValue("version", version)),
            BeforeTrafficShift = async ct =>
            {
                var database = await platform.EnsureDatabaseAsync(ct)
                    ?? throw new DeployException("the sample needs the environment's database: configure DockerPlatformOptions.Database");
                await SampleMigrations.MigrateAsync(database.HostConnectionString, logger, ct);
            },
        };
    }

    public static LocalEnvironmentFolder Folder(string root, string name, int publicPort, int testPort) =>
        LocalEnvironmentFolder.Open(root, name, new LocalEdgePorts(publicPort, testPort));
}
