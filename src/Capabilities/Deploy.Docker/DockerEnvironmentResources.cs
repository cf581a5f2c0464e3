using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The Docker side of a local environment: its user-defined bridge network, its PostgreSQL container and volume, and
/// the labels that find everything it owns (<c>pipeline.managed=true</c>, <c>pipeline.environment</c>,
/// <c>pipeline.instance</c> — a hash of the environment folder, so two checkouts using the same environment name do
/// not touch each other's containers). Names start with <see cref="Prefix"/>, e.g. <c>pipeline-local-3f2a1c-blue</c>.
/// </summary>
public sealed class DockerEnvironmentResources : IDisposable
{
    public const string ManagedLabel = "pipeline.managed";
    public const string EnvironmentLabel = "pipeline.environment";
    public const string InstanceLabel = "pipeline.instance";
    public const string RoleLabel = "pipeline.role";
    public const string ColourLabel = "pipeline.colour";
    public const string VersionLabel = "pipeline.version";

    /// <summary>The database's name on the environment's network.</summary>
    public const string DatabaseAlias = "database";

    private readonly DatabaseContainer database;

    private DockerEnvironmentResources(LocalEnvironmentFolder folder, DockerDatabaseOptions? databaseOptions, ILogger logger, DockerApi api)
    {
        Folder = folder;
        Api = api;
        Instance = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder.Directory)))[..6].ToLowerInvariant();
        Prefix = $"pipeline-{folder.Name}-{Instance}";
        Labels = new DockerLabels(folder.Name, Instance);
        Network = new DockerNetwork(api, NetworkName, Labels, logger);
        Containers = new DockerContainers(api, Labels);
        Images = new DockerImages(api, logger);
        database = new DatabaseContainer(this, databaseOptions, logger);
    }

    /// <summary>The environment's folder (records, lock, edge) these resources belong to.</summary>
    public LocalEnvironmentFolder Folder { get; }

    /// <summary>Six hex digits identifying the environment's folder.</summary>
    public string Instance { get; }

    /// <summary>Start of every container, network and volume name: <c>pipeline-&lt;environment&gt;-&lt;instance&gt;</c>.</summary>
    public string Prefix { get; }

    public string NetworkName => $"{Prefix}-net";

    public string DatabaseContainerName => $"{Prefix}-db";

    /// <summary>The declared database volume: the one thing Down keeps (with the password file).</summary>
    public string DatabaseVolumeName => $"{Prefix}-pgdata";

    /// <summary>The generated database password (0600), in the environment's data folder.</summary>
    public string PasswordFile => Path.Combine(Folder.DataDirectory, "postgres.password");

    /// <summary>The engine's endpoint.</summary>
    public Uri Endpoint => Api.Endpoint;

    internal DockerApi Api { get; }

    internal DockerLabels Labels { get; }

    internal DockerNetwork Network { get; }

    internal DockerContainers Containers { get; }

    internal DockerImages Images { get; }

    /// <summary>
    /// Opens the Docker resources of the environment in <paramref name="folder"/> on the engine at <paramref name="endpoint"/> (default
    /// DOCKER_HOST, else the default socket). Nothing is created until a method needs it.
    /// </summary>
    public static DockerEnvironmentResources Open(LocalEnvironmentFolder folder, DockerDatabaseOptions? database = null, ILogger? logger = null, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return new DockerEnvironmentResources(folder, database, logger ?? NullLogger.Instance, DockerApi.Open(endpoint));
    }

    /// <summary>Creates the environment's bridge network unless it exists. Throws <see cref="DockerUnavailableException"/> without an engine.</summary>
    public Task EnsureNetworkAsync(CancellationToken cancellationToken) => Network.EnsureAsync(cancellationToken);

    /// <summary>
    /// Starts the environment's PostgreSQL (creating network, volume, password and container the first time; starting
    /// it when stopped) and waits until it accepts connections. Throws <see cref="DeployException"/> with one line when
    /// no database is configured, its image is missing, its port is taken, or it does not become ready.
    /// </summary>
    public Task<DatabaseConnection> EnsureDatabaseAsync(CancellationToken cancellationToken) => database.EnsureAsync(cancellationToken);

    /// <summary>
    /// Down: stops the edge, stops and removes every container of the environment (both colours, orphans and the
    /// database container), its network and its volumes — except, with <paramref name="keepDatabase"/>, the declared
    /// database volume and its password file, so the next deploy finds the data again. Forgets what ran
    /// (current.json); keeps the deployment records. Returns one line per thing removed.
    /// </summary>
    public Task<IReadOnlyList<string>> DownAsync(bool keepDatabase, TimeSpan stopGracePeriod, CancellationToken cancellationToken) =>
        new DockerTeardown(this).DownAsync(keepDatabase, stopGracePeriod, cancellationToken);

    public void Dispose() => Api.Dispose();
}
