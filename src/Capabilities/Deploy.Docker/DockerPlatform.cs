using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The local platform that runs the real artefact: the image the Image target built, by image id or digest, as one
/// container per colour on the environment's bridge network, published on a random 127.0.0.1 port, behind the same
/// edge proxy, stages, records and rollback triggers as the Process platform. Containers carry a health check,
/// memory and CPU limits and the labels <c>pipeline.environment</c>, <c>pipeline.colour</c>, <c>pipeline.version</c>
/// and <c>pipeline.managed=true</c>; RECONCILE_SERVICE finds by label what a crashed deploy left and converges.
/// With <see cref="DockerPlatformOptions.Database"/> set, the environment's PostgreSQL container is started once,
/// kept across deploys, and its in-network connection string is given to every colour. The stages are
/// <see cref="LocalPlatform"/>'s; the containers are <see cref="ContainerInstances"/>.
/// </summary>
public sealed class DockerPlatform : LocalPlatform, IMigrationsTarget, IMigrationsCommandRunner, IEnvironmentTeardown, IDisposable
{
    public const string PlatformName = "docker";

    private readonly DockerPlatformOptions options;
    private readonly ContainerInstances containers;
    private readonly MigrationsContainer migrations;

    /// <summary>
    /// A Docker platform for <paramref name="folder"/>. Throws <see cref="DeploySettingsException"/> when
    /// <paramref name="options"/> are invalid. Nothing touches the engine until the first call.
    /// </summary>
    public DockerPlatform(LocalEnvironmentFolder folder, DockerPlatformOptions options, ILogger logger)
        : this(folder, Validated(options), new Readiness(options.ReadinessPath), logger)
    {
    }

    private DockerPlatform(LocalEnvironmentFolder folder, DockerPlatformOptions options, Readiness readiness, ILogger logger)
        : this(options, DockerEnvironmentResources.Open(folder, options.Database, logger, options.DockerEndpoint), readiness, logger)
    {
    }

    private DockerPlatform(DockerPlatformOptions options, DockerEnvironmentResources docker, Readiness readiness, ILogger logger)
        : this(options, docker, new ContainerInstances(docker, options, readiness, logger), readiness, logger)
    {
    }

    private DockerPlatform(DockerPlatformOptions options, DockerEnvironmentResources docker, ContainerInstances containers, Readiness readiness, ILogger logger)
        : base(docker.Folder, containers, readiness, options.DrainTimeout, options.Environment, logger)
    {
        this.options = options;
        this.containers = containers;
        Resources = docker;
        migrations = new MigrationsContainer(docker, containers, options, logger);
    }

    /// <summary>The environment's Docker resources: names, network, database, Down.</summary>
    public DockerEnvironmentResources Resources { get; }

    /// <summary>
    /// Starts (or finds) the environment's PostgreSQL and returns its connection strings: call it before a deploy to
    /// give the migrations hook <see cref="DatabaseConnection.HostConnectionString"/>. Null without a database configured.
    /// </summary>
    public Task<DatabaseConnection?> EnsureDatabaseAsync(CancellationToken cancellationToken) => containers.EnsureDatabaseAsync(cancellationToken);

    /// <summary>Down: see <see cref="DockerEnvironmentResources.DownAsync"/>. Keeps the database volume unless told otherwise.</summary>
    public async Task<IReadOnlyList<string>> DownAsync(bool keepDatabase = true, CancellationToken cancellationToken = default)
    {
        Edge.Forget();
        containers.ForgetDatabase();
        return await Resources.DownAsync(keepDatabase, options.StopGracePeriod, cancellationToken);
    }

    public void Dispose()
    {
        Edge.Dispose();
        Resources.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="command"/> from the release's image as a one-off container on the environment's network
    /// (a migrations command); see <see cref="MigrationsContainer"/>.
    /// </summary>
    public Task RunAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        migrations.RunAsync(release, command, cancellationToken);

    /// <summary>The environment's PostgreSQL, started when needed, as the migrations hook reaches it from this machine.</summary>
    async Task<MigrationTarget?> IMigrationsTarget.ResolveAsync(CancellationToken cancellationToken) =>
        await EnsureDatabaseAsync(cancellationToken) is { } database
            ? new MigrationTarget("postgresql", database.HostConnectionString)
            : null;

    /// <summary>Down; deleting data removes the database volume and password too.</summary>
    Task<IReadOnlyList<string>> IEnvironmentTeardown.DownAsync(bool deletingData, CancellationToken cancellationToken) =>
        DownAsync(keepDatabase: !deletingData, cancellationToken);

    private static DockerPlatformOptions Validated(DockerPlatformOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Validate() is { } error ? throw new DeploySettingsException(error) : options;
    }
}
