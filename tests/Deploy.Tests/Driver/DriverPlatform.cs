using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Local;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;

namespace Pipeline.Deploy.Driver;

/// <summary>
/// The platform the driver deploys the sample with (<c>--platform process</c>, the default, or <c>docker</c>), and what
/// differs between them: the release (a publish folder or an image id), the migrations hook, Down.
/// </summary>
public sealed class DriverPlatform : IDisposable
{
    private readonly Func<string, IReadOnlyDictionary<string, string>, DeployRequest> request;
    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>> down;
    private readonly IDisposable? owned;

    private DriverPlatform(
        IDeploymentPlatform platform, Func<string, IReadOnlyDictionary<string, string>, DeployRequest> request,
        Func<CancellationToken, Task<IReadOnlyList<string>>> down, TimeSpan healthTimeout, IDisposable? owned)
    {
        Platform = platform;
        this.request = request;
        this.down = down;
        HealthTimeout = healthTimeout;
        this.owned = owned;
    }

    public IDeploymentPlatform Platform { get; }

    /// <summary>The default of --health-timeout: containers (and their database) take longer to become ready.</summary>
    public TimeSpan HealthTimeout { get; }

    public static DriverPlatform Open(DriverArguments arguments, LocalEnvironment environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var grace = arguments.Duration("grace", TimeSpan.FromSeconds(10));
        return (arguments.Get("platform") ?? ProcessPlatformName) switch
        {
            ProcessPlatformName => Process(arguments, environment, grace, logger),
            DockerPlatform.PlatformName => Docker(arguments, environment, grace, logger),
            var other => throw new ArgumentException($"--platform '{other}' is unknown: use {ProcessPlatformName} or {DockerPlatform.PlatformName}"),
        };
    }

    /// <summary>A deploy of the sample as <paramref name="version"/> with its smoke tests and migrations hook.</summary>
    public DeployRequest Request(string version, IReadOnlyDictionary<string, string> variables) => request(version, variables);

    public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken) => down(cancellationToken);

    public void Dispose() => owned?.Dispose();

    private const string ProcessPlatformName = "process";

    private static DriverPlatform Process(DriverArguments arguments, LocalEnvironment environment, TimeSpan grace, ILogger logger)
    {
        var database = Path.Combine(environment.DataDirectory, "sample.db");
        var platform = new ProcessPlatform(environment, new ProcessPlatformOptions
        {
            EntryAssembly = "Pipeline.Sample.dll",
            Environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__Default"] = SampleSchema.ConnectionString(database),
                ["Database__Provider"] = "sqlite",
            },
            StopGracePeriod = grace,
        }, logger);
        var releaseFolder = arguments.Get("release") ?? ".";
        var sha = arguments.Get("sha");
        return new DriverPlatform(
            platform,
            (version, variables) => new DeployRequest(new Release(version, releaseFolder, sha) { Environment = variables })
            {
                SmokeTests = new SmokeTests()
                    .Http("ready", "/health/ready")
                    .Http("version", "/version", c => c.JsonValue("version", version)),
                BeforeTrafficShift = ct => SampleSchema.EnsureAsync(database, ct),
            },
            platform.DownAsync,
            TimeSpan.FromSeconds(30),
            owned: null);
    }

    private static DriverPlatform Docker(DriverArguments arguments, LocalEnvironment environment, TimeSpan grace, ILogger logger)
    {
        var platform = new DockerPlatform(environment, SampleOnDocker.Options(arguments.Get("database-image") ?? "postgres:17-alpine", grace), logger);
        var image = arguments.Get("image") ?? "";
        var keepDatabase = !arguments.Flag("delete-database");
        return new DriverPlatform(
            platform,
            (version, variables) => SampleOnDocker.Request(platform, image, version, logger, variables),
            ct => platform.DownAsync(keepDatabase, ct),
            TimeSpan.FromSeconds(60),
            platform);
    }
}
