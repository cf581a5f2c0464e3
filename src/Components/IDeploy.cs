using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;
using Pipeline.Migrations;

namespace Pipeline.Components;

/// <summary>
/// <c>Deploy</c>, <c>Rollback</c>, <c>Status</c>, <c>Down</c>: blue/green deploys of the published service to a local
/// environment through the deploy engine (stages named as Amazon ECS's), with migrations before any traffic moves, smoke
/// tests, a bake watch and automatic rollback.
/// </summary>
public interface IDeploy : IPublish, IImage
{
    [Parameter("Environment to deploy to")]
    string Environment => Parameters.Get(nameof(Environment), "local");

    [Parameter("Deployment platform")]
    DeployPlatformKind Platform => Parameters.Get(nameof(Platform), DeployPlatformKind.Process);

    [Parameter("Production traffic shift: all-at-once, linear:<percent>:<bake> or canary:<percent>:<bake> (e.g. linear:25:10s)")]
    string Shift => Parameters.Get(nameof(Shift), "all-at-once");

    [Parameter("Seconds to watch the new version after the traffic shift")]
    int BakeSeconds => Parameters.Get(nameof(BakeSeconds), 10);

    [Parameter("Error rate (percent of requests) during bake that rolls back")]
    double MaxErrorPercent => Parameters.Get(nameof(MaxErrorPercent), 5.0);

    [Parameter("p99 latency (milliseconds) during bake that rolls back")]
    int MaxP99Ms => Parameters.Get(nameof(MaxP99Ms), 2000);

    [Parameter("Image to deploy by digest (repository@sha256:…) or id with --platform docker; default: build it", Name = "Image")]
    string? ImageToDeploy => Parameters.Get<string>("Image");

    [Parameter("PostgreSQL image for the Docker environment's database (default: $PIPELINE_POSTGRES_IMAGE, else postgres:17-alpine)")]
    string PostgresImage => Parameters.Get<string>(nameof(PostgresImage))
        ?? System.Environment.GetEnvironmentVariable("PIPELINE_POSTGRES_IMAGE") ?? "postgres:17-alpine";

    /// <summary>The smoke tests run against the test endpoint before the production shift and against production after.</summary>
    SmokeTests SmokeTests => new SmokeTests().Http("live", "/health/live").Http("ready", "/health/ready");

    /// <summary>Known local environments (name, public port, test port).</summary>
    IReadOnlyList<EnvironmentDefinition> Environments => EnvironmentDefinition.Defaults;

    /// <summary>
    /// Environment variables for every revision of the service (database provider, connection string, …). On the Docker
    /// platform the database's connection string is set by the platform.
    /// </summary>
    IReadOnlyDictionary<string, string> ServiceEnvironment(LocalEnvironment environment, DeployPlatformKind platform) =>
        new Dictionary<string, string>();

    /// <summary>
    /// Runs before any traffic moves (PRE_SCALE_UP): pending migrations when the build migrates — on the Docker platform
    /// against its PostgreSQL container, otherwise against the database the Migrate parameters name.
    /// </summary>
    async Task BeforeTrafficShiftAsync(IDeploymentPlatform platform, CancellationToken cancellationToken)
    {
        if (this is not IMigrate migrate)
        {
            return;
        }

        if (platform is DockerPlatform docker && await docker.EnsureDatabaseAsync(cancellationToken) is { } database)
        {
            await migrate.RunMigrationsAsync(MigrationRequest.Up(), cancellationToken, DatabaseEngine.PostgreSql, database.HostConnectionString);
            return;
        }

        await migrate.RunMigrationsAsync(MigrationRequest.Up(), cancellationToken);
    }

    LocalEnvironment OpenEnvironment() => LocalEnvironment.Open(RootDirectory, Environment, Environments);

    Target Deploy => _ => _
        .Description("Deploy blue/green to the environment: migrate, scale up, smoke test, shift traffic, bake, clean up (rolls back by itself)")
        .DependsOn(Publish)
        .TryDependsOn<ITest>(x => x.Test)
        .Executes(async ct =>
        {
            var environment = OpenEnvironment();
            var logger = LoggerFactory.CreateLogger("Deploy");
            var platform = CreatePlatform(environment, Platform, logger);
            using var lifetime = platform as IDisposable;
            var engine = new DeployEngine(platform, environment, logger);
            var revision = await GitRevision.ReadAsync(this, ct);
            var source = Platform == DeployPlatformKind.Docker ? ImageToDeploy ?? (await BuildImageAsync(ct)).Id : PublishDirectory;
            var digest = ImageToDeploy is { } image && image.Contains('@', StringComparison.Ordinal) ? image[(image.IndexOf('@', StringComparison.Ordinal) + 1)..] : null;
            var release = new Release(ReleaseVersion(), source, revision.Sha, digest);
            var record = await engine.DeployAsync(
                new DeployRequest(release)
                {
                    Shift = TrafficShift.Parse(Shift),
                    Bake = new BakeSettings
                    {
                        Duration = TimeSpan.FromSeconds(BakeSeconds),
                        MaxErrorRate = MaxErrorPercent / 100,
                        MaxP99Latency = TimeSpan.FromMilliseconds(MaxP99Ms),
                    },
                    SmokeTests = SmokeTests,
                    BeforeTrafficShift = token => BeforeTrafficShiftAsync(platform, token),
                },
                ct);
            Report(record);
            if (!record.Succeeded)
            {
                throw new DeployException($"Deploy of {release.Version} to '{environment.Name}' rolled back: {record.RollbackReason?.ToString() ?? record.Outcome.ToString()}");
            }

            Output.WriteLine($"{release.Version} is live at {environment.PublicUrl}");
            await WriteGitHubOutputAsync("url", environment.PublicUrl.ToString(), ct);
        });

    Target Rollback => _ => _
        .Description("Return traffic to the previous successful version of the environment")
        .Executes(async ct =>
        {
            var environment = OpenEnvironment();
            var logger = LoggerFactory.CreateLogger("Rollback");
            var platform = CreatePlatform(environment, RecordedPlatform(environment), logger);
            using var lifetime = platform as IDisposable;
            var record = await new DeployEngine(platform, environment, logger).RollbackAsync(
                new DeployRequest(new Release("rollback", PublishDirectory)) { SmokeTests = SmokeTests, Bake = new BakeSettings { Duration = TimeSpan.Zero } }, ct);
            Report(record);
            if (!record.Succeeded)
            {
                throw new DeployException($"Rollback of '{environment.Name}' did not succeed: {record.RollbackReason?.ToString() ?? record.Outcome.ToString()}");
            }
        });

    Target Status => _ => _
        .Description("Show the environment: versions, colours, weights, last deploys")
        .Executes(async ct => Output.Write((await EnvironmentStatus.ReadAsync(OpenEnvironment(), 5, ct)).ToText()));

    Target Down => _ => _
        .Description("Stop the environment (both colours and the edge); keeps its database and records")
        .Executes(async ct =>
        {
            var environment = OpenEnvironment();
            var logger = LoggerFactory.CreateLogger("Down");
            var platform = CreatePlatform(environment, RecordedPlatform(environment), logger);
            using var lifetime = platform as IDisposable;
            var stopped = platform switch
            {
                DockerPlatform docker => await docker.DownAsync(keepDatabase: true, ct),
                ProcessPlatform process => await process.DownAsync(ct),
                _ => [],
            };
            Output.WriteLine(stopped.Count == 0 ? $"'{environment.Name}' was not running." : $"Stopped {string.Join(", ", stopped)}.");
        });

    IDeploymentPlatform CreatePlatform(LocalEnvironment environment, DeployPlatformKind kind, ILogger logger) => kind switch
    {
        DeployPlatformKind.Docker => new DockerPlatform(environment, new DockerPlatformOptions
        {
            Environment = ServiceEnvironment(environment, kind),
            Database = new DockerDatabaseOptions { Image = PostgresImage },
        }, logger),
        _ => new ProcessPlatform(environment, new ProcessPlatformOptions
        {
            EntryAssembly = Path.GetFileNameWithoutExtension(PublishProject) + ".dll",
            Environment = ServiceEnvironment(environment, kind),
        }, logger),
    };

    /// <summary>The platform the environment last ran on (Rollback and Down act there), else <c>--platform</c>.</summary>
    DeployPlatformKind RecordedPlatform(LocalEnvironment environment) =>
        Enum.TryParse<DeployPlatformKind>(environment.ReadState().Platform, ignoreCase: true, out var recorded) ? recorded : Platform;

    /// <summary>The version label of this deploy: the published assembly's informational version (MinVer).</summary>
    string ReleaseVersion()
    {
        var assembly = PublishDirectory / (Path.GetFileNameWithoutExtension(PublishProject) + ".dll");
        var version = File.Exists(assembly) ? FileVersionInfo.GetVersionInfo(assembly).ProductVersion : null;
        return string.IsNullOrWhiteSpace(version)
            ? "0.0.0-local." + DateTimeOffset.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            : ShortenMetadata(version.Replace(' ', '-'));
    }

    /// <summary>"1.2.0+03cfb865c89e…" (the SDK appends the full commit) becomes "1.2.0+03cfb86".</summary>
    static string ShortenMetadata(string version) =>
        version.IndexOf('+', StringComparison.Ordinal) is var plus and > 0 && version.Length - plus > 8 ? version[..(plus + 8)] : version;

    void Report(DeploymentRecord record)
    {
        Output.Write(DeploymentReport.ToText(record));
        Host.AppendSummaryMarkdown(DeploymentReport.ToMarkdown(record));
    }

    async Task WriteGitHubOutputAsync(string name, string value, CancellationToken cancellationToken)
    {
        if (System.Environment.GetEnvironmentVariable("GITHUB_OUTPUT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, $"{name}={value}\n", cancellationToken);
        }
    }
}
