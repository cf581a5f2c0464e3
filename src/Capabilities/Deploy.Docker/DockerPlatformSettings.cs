using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// A local environment whose revisions run as containers of the service's image on the Docker engine, behind the local
/// edge on 127.0.0.1 (<see cref="PublicPort"/>, test listener <see cref="TestPort"/>), beside a PostgreSQL container
/// created once and kept (<see cref="PostgresImage"/>; migrations run against it before traffic moves).
/// </summary>
public sealed record DockerPlatformSettings : PlatformSettings
{
    public int PublicPort { get; init; } = 5090;

    public int TestPort { get; init; } = 5091;

    /// <summary>Environment variables for every revision (the database's connection string is set by the platform).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The database container's image: <c>$PIPELINE_POSTGRES_IMAGE</c> when set (machines that cannot pull from Docker
    /// Hub), else the official one. Null runs the service without a database.
    /// </summary>
    public string? PostgresImage { get; init; } = System.Environment.GetEnvironmentVariable("PIPELINE_POSTGRES_IMAGE") is { Length: > 0 } image
        ? image
        : "postgres:17-alpine";

    /// <summary>Container port, health check, memory and CPU limits, drain, the engine's endpoint.</summary>
    public DockerPlatformOptions Options { get; init; } = new();

    public override string Platform => DockerPlatform.PlatformName;

    public override DeployInputs Inputs => DeployInputs.Image;

    public override Uri? Url => new($"http://127.0.0.1:{PublicPort}/");

    public override string? Validate(string environment) =>
        LocalEnvironmentFolder.Validate(environment, new LocalEdgePorts(PublicPort, TestPort))
        ?? (Options.Validate() is { } error ? $"environment '{environment}': {error}" : null);

    /// <summary>
    /// The environment behind the local edge, its revisions run as containers by a <see cref="DockerPlatform"/>, which
    /// also places the migrations (the environment's PostgreSQL, or a one-off container) and takes it down.
    /// </summary>
    public override IPlatformEnvironment Open(EnvironmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new LocalPlatformEnvironment(context, Platform, new LocalEdgePorts(PublicPort, TestPort), new ImageSource(context.Name), (folder, logger) =>
        {
            var docker = new DockerPlatform(folder, EffectiveOptions, logger);
            return new LocalPlatformParts(docker, docker, docker) { MigrationsCommands = docker };
        });
    }

    /// <summary>The platform options with this environment's variables and database.</summary>
    internal DockerPlatformOptions EffectiveOptions => Options with
    {
        Environment = Environment,
        Database = PostgresImage is { } image ? (Options.Database ?? new DockerDatabaseOptions()) with { Image = image } : Options.Database,
    };
}
