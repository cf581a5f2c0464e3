using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Foundation.Polling;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The Docker side of a local environment: its user-defined bridge network, its PostgreSQL container and volume, and
/// the labels that find everything it owns (<c>pipeline.managed=true</c>, <c>pipeline.environment</c>,
/// <c>pipeline.instance</c> — a hash of the environment folder, so two checkouts using the same environment name do
/// not touch each other's containers). Names start with <see cref="Prefix"/>, e.g. <c>pipeline-local-3f2a1c-blue</c>.
/// </summary>
public sealed class DockerEnvironment : IDisposable
{
    public const string ManagedLabel = "pipeline.managed";
    public const string EnvironmentLabel = "pipeline.environment";
    public const string InstanceLabel = "pipeline.instance";
    public const string RoleLabel = "pipeline.role";
    public const string ColourLabel = "pipeline.colour";
    public const string VersionLabel = "pipeline.version";

    /// <summary>The database's name on the environment's network.</summary>
    public const string DatabaseAlias = "database";

    private readonly DockerDatabaseOptions? database;
    private readonly ILogger logger;

    private DockerEnvironment(LocalEnvironment local, DockerDatabaseOptions? database, ILogger logger, DockerApi api)
    {
        Local = local;
        this.database = database;
        this.logger = logger;
        Api = api;
        Instance = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(local.Directory)))[..6].ToLowerInvariant();
        Prefix = $"pipeline-{local.Name}-{Instance}";
    }

    /// <summary>The local environment (folder, records, lock, edge) this belongs to.</summary>
    public LocalEnvironment Local { get; }

    /// <summary>Six hex digits identifying the environment's folder.</summary>
    public string Instance { get; }

    /// <summary>Start of every container, network and volume name: <c>pipeline-&lt;environment&gt;-&lt;instance&gt;</c>.</summary>
    public string Prefix { get; }

    public string NetworkName => $"{Prefix}-net";

    public string DatabaseContainerName => $"{Prefix}-db";

    /// <summary>The declared database volume: the one thing Down keeps (with the password file).</summary>
    public string DatabaseVolumeName => $"{Prefix}-pgdata";

    /// <summary>The generated database password (0600), in the environment's data folder.</summary>
    public string PasswordFile => Path.Combine(Local.DataDirectory, "postgres.password");

    /// <summary>The engine's endpoint.</summary>
    public Uri Endpoint => Api.Endpoint;

    internal DockerApi Api { get; }

    /// <summary>
    /// Opens the Docker side of <paramref name="local"/> on the engine at <paramref name="endpoint"/> (default
    /// DOCKER_HOST, else the default socket). Nothing is created until a method needs it.
    /// </summary>
    public static DockerEnvironment Open(LocalEnvironment local, DockerDatabaseOptions? database = null, ILogger? logger = null, Uri? endpoint = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        return new DockerEnvironment(local, database, logger ?? NullLogger.Instance, DockerApi.Open(endpoint));
    }

    /// <summary>Creates the environment's bridge network unless it exists. Throws <see cref="DockerUnavailableException"/> without an engine.</summary>
    public async Task EnsureNetworkAsync(CancellationToken cancellationToken)
    {
        var existing = await Api.CallAsync(c => c.Networks.ListNetworksAsync(new NetworksListParameters { Filters = NameFilter(NetworkName) }, cancellationToken));
        if (existing.Any(n => n.Name == NetworkName))
        {
            return;
        }

        try
        {
            await Api.CallAsync(c => c.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = NetworkName,
                Driver = "bridge",
                Labels = Labels("network"),
            }, cancellationToken));
            logger.LogInformation("Created network {Network}", NetworkName);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // created concurrently: fine
        }
    }

    /// <summary>
    /// Starts the environment's PostgreSQL (creating network, volume, password and container the first time; starting
    /// it when stopped) and waits until it accepts connections. Throws <see cref="DeployException"/> with one line when
    /// no database is configured, its image is missing, its port is taken, or it does not become ready.
    /// </summary>
    public async Task<DatabaseConnection> EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var options = database ?? throw new DeployException(
            $"environment '{Local.Name}' has no database configured on the docker platform: set DockerPlatformOptions.Database");
        await EnsureNetworkAsync(cancellationToken);
        var password = DatabasePassword.ReadOrCreate(PasswordFile);
        var container = await TryInspectAsync(DatabaseContainerName, cancellationToken);
        if (container is null)
        {
            await EnsureImageAsync(options.Image, "database image", cancellationToken);
            await Api.CallAsync(c => c.Volumes.CreateAsync(new VolumesCreateParameters { Name = DatabaseVolumeName, Labels = Labels("database") }, cancellationToken));
            var parameters = new CreateContainerParameters
            {
                Name = DatabaseContainerName,
                Image = options.Image,
                Env = [$"POSTGRES_USER={options.User}", $"POSTGRES_PASSWORD={password}", $"POSTGRES_DB={options.DatabaseName}"],
                Labels = Labels("database"),
                ExposedPorts = new Dictionary<string, EmptyStruct> { ["5432/tcp"] = default },
                HostConfig = new HostConfig
                {
                    Mounts = [new Mount { Type = "volume", Source = DatabaseVolumeName, Target = "/var/lib/postgresql/data" }],
                    PortBindings = PortBinding(5432, options.HostPort),
                    Memory = options.MemoryBytes,
                    RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                    NetworkMode = NetworkName,
                },
                NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings> { [NetworkName] = new() { Aliases = [DatabaseAlias] } },
                },
            };
            if (options.ServerArguments.Count > 0)
            {
                parameters.Cmd = ["postgres", .. options.ServerArguments];
            }

            await Api.CallAsync(c => c.Containers.CreateContainerAsync(parameters, cancellationToken));
            logger.LogInformation("Created database container {Container} ({Image}, volume {Volume})", DatabaseContainerName, options.Image, DatabaseVolumeName);
            container = await InspectAsync(DatabaseContainerName, cancellationToken);
        }

        else if (container.Config?.Image is { } running && running != options.Image)
        {
            logger.LogWarning(
                "Database container {Container} runs {Running}, not the declared {Declared}: it keeps its image (and data in volume {Volume}) until the environment is taken down with its data",
                DatabaseContainerName, running, options.Image, DatabaseVolumeName);
        }

        if (container.State?.Running != true)
        {
            await StartAsync(container.ID, DatabaseContainerName, options.HostPort, cancellationToken);
            container = await InspectAsync(container.ID, cancellationToken);
        }

        var port = HostPortOf(container, 5432)
            ?? throw new DeployException($"database container {DatabaseContainerName} publishes no port for 5432") { Remedy = DeployRemedy.TakeDown };
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = options.DatabaseName,
            Username = options.User,
            Password = password,
        };
        var host = builder.ConnectionString;
        builder.Host = DatabaseAlias;
        builder.Port = 5432;
        var connection = new DatabaseConnection(host, builder.ConnectionString, DatabaseContainerName, DatabaseVolumeName, port);
        await WaitDatabaseReadyAsync(connection, container.ID, options.ReadyTimeout, cancellationToken);
        return connection;
    }

    /// <summary>
    /// Down: stops the edge, stops and removes every container of the environment (both colours, orphans and the
    /// database container), its network and its volumes — except, with <paramref name="keepDatabase"/>, the declared
    /// database volume and its password file, so the next deploy finds the data again. Forgets what ran
    /// (current.json); keeps the deployment records. Returns one line per thing removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(bool keepDatabase, TimeSpan stopGracePeriod, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        done.AddRange(await LocalEdge.StopAsync(Local, stopGracePeriod, cancellationToken));
        foreach (var container in await ListContainersAsync(role: null, cancellationToken))
        {
            var name = container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID[..12];
            await RemoveContainerAsync(container.ID, stopGracePeriod, cancellationToken);
            done.Add($"container {name} ({LabelOf(container, VersionLabel) ?? container.Image}): removed");
        }

        if (await DeleteNetworkAsync(cancellationToken))
        {
            done.Add($"network {NetworkName}: removed");
        }

        var volumes = await Api.CallAsync(c => c.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter(null) }, cancellationToken));
        foreach (var volume in volumes.Volumes ?? [])
        {
            if (keepDatabase && volume.Name == DatabaseVolumeName)
            {
                done.Add($"volume {volume.Name}: kept (the database)");
                continue;
            }

            await Api.CallAsync(c => c.Volumes.RemoveAsync(volume.Name, true, cancellationToken));
            done.Add($"volume {volume.Name}: removed");
        }

        if (!keepDatabase && File.Exists(PasswordFile))
        {
            File.Delete(PasswordFile);
            done.Add($"password file {PasswordFile}: removed");
        }

        Local.WriteState(new EnvironmentState { Platform = DockerPlatform.PlatformName });
        return done;
    }

    /// <summary>
    /// Removes the environment's network; false when it never existed. A container detaching as it is removed keeps its
    /// endpoint for a moment ("network has active endpoints"): asked again until the endpoints are gone.
    /// </summary>
    private async Task<bool> DeleteNetworkAsync(CancellationToken cancellationToken)
    {
        var existed = true;
        var stillAttached = "";
        var gone = await Poll.TryUntilAsync(
            async ct =>
            {
                try
                {
                    await Api.CallAsync(c => c.Networks.DeleteNetworkAsync(NetworkName, ct));
                    return true;
                }
                catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    existed = false;
                    return true;
                }
                catch (DockerApiException e) when (DockerApi.MessageOf(e).Contains("active endpoints", StringComparison.OrdinalIgnoreCase))
                {
                    stillAttached = DockerApi.MessageOf(e);
                    return false;
                }
            },
            PollSchedule.Every(TimeSpan.FromMilliseconds(200), RemovalTimeout),
            cancellationToken);
        return gone
            ? existed
            : throw new DeployException(
                $"network {NetworkName} of environment '{Local.Name}' still has containers attached after {RemovalTimeout.TotalSeconds:0} s ({stillAttached}): " +
                $"see `docker network inspect {NetworkName}`, remove what is attached, then run Down again");
    }

    /// <summary>Labels of everything this environment creates; app containers add colour and version.</summary>
    internal Dictionary<string, string> Labels(string role, string? colour = null, string? version = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ManagedLabel] = "true",
            [EnvironmentLabel] = Local.Name,
            [InstanceLabel] = Instance,
            [RoleLabel] = role,
        };
        if (colour is not null)
        {
            labels[ColourLabel] = colour;
        }

        if (version is not null)
        {
            labels[VersionLabel] = version;
        }

        return labels;
    }

    /// <summary>Containers of this environment (running or not), of one role ("app", "database") or all.</summary>
    internal async Task<IList<ContainerListResponse>> ListContainersAsync(string? role, CancellationToken cancellationToken) =>
        await Api.CallAsync(c => c.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(role) }, cancellationToken));

    internal async Task<ContainerInspectResponse?> TryInspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            return await Api.CallAsync(c => c.Containers.InspectContainerAsync(idOrName, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    internal async Task<ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken) =>
        await TryInspectAsync(idOrName, cancellationToken)
        ?? throw new DeployException($"container {idOrName} disappeared from the Docker engine at {Endpoint}") { Remedy = DeployRemedy.Deploy };

    /// <summary>Starts a created container, turning a taken host port into one line.</summary>
    internal async Task StartAsync(string id, string name, int hostPort, CancellationToken cancellationToken)
    {
        try
        {
            await Api.CallAsync(c => c.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken));
        }
        catch (DockerApiException e)
        {
            var message = DockerApi.MessageOf(e);
            if (message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                || message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase))
            {
                throw new DeployException(
                    $"container {name} cannot start: port 127.0.0.1:{(hostPort == 0 ? "(random)" : hostPort.ToString(CultureInfo.InvariantCulture))} is in use ({message}); " +
                    "stop what listens there or choose another port", e);
            }

            throw new DeployException($"the Docker engine refused to start container {name}: {message}", e);
        }
    }

    /// <summary>Stops (SIGTERM, then kill after the grace period) and removes a container; a missing one is fine.</summary>
    internal async Task RemoveContainerAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await Api.CallAsync(c => c.Containers.StopContainerAsync(
                id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        try
        {
            await Api.CallAsync(c => c.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            // removed meanwhile
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // removed meanwhile, or removal already in progress (an auto-removed one-off container, a concurrent Down):
            // what comes next (the network's removal) needs it gone, not going.
            await Poll.TryUntilAsync(
                async ct => await TryInspectAsync(id, ct) is null, PollSchedule.Every(TimeSpan.FromMilliseconds(100), RemovalTimeout), cancellationToken);
        }
    }

    private static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Makes sure <paramref name="reference"/> is on the engine; pulls it (anonymously) when it is a reference that is
    /// missing. Returns the image.
    /// </summary>
    internal async Task<ImageInspectResponse> EnsureImageAsync(string reference, string what, CancellationToken cancellationToken)
    {
        if (await TryInspectImageAsync(reference, cancellationToken) is { } image)
        {
            return image;
        }

        if (ImageReference.TryParse(reference, out var parsed))
        {
            logger.LogInformation("Pulling {What} {Image}", what, reference);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(TimeSpan.FromMinutes(5));
                await Api.CallAsync(c => c.Images.CreateImageAsync(
                    new ImagesCreateParameters { FromImage = parsed.Name, Tag = parsed.Digest ?? parsed.Tag ?? "latest" },
                    null, new Progress<JSONMessage>(), limit.Token));
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new DeployException(
                    $"{what} {reference} is not on the Docker engine at {Endpoint} and could not be pulled " +
                    $"({(e is DockerApiException api ? DockerApi.MessageOf(api) : "timed out")}): pull or build it, or choose another image", e);
            }

            if (await TryInspectImageAsync(reference, cancellationToken) is { } pulled)
            {
                return pulled;
            }
        }

        throw new DeployException($"{what} {reference} not found on the Docker engine at {Endpoint}: pull or build it, or choose another image");
    }

    internal async Task<ImageInspectResponse?> TryInspectImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await Api.CallAsync(c => c.Images.InspectImageAsync(reference, cancellationToken));
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
    }

    /// <summary>The host port published for <paramref name="containerPort"/>/tcp, or null.</summary>
    internal static int? HostPortOf(ContainerInspectResponse container, int containerPort)
    {
        var key = $"{containerPort.ToString(CultureInfo.InvariantCulture)}/tcp";
        return container.NetworkSettings?.Ports is { } ports && ports.TryGetValue(key, out var bindings) && bindings is { Count: > 0 }
            && int.TryParse(bindings[0].HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    /// <summary>Publishes <paramref name="containerPort"/> on 127.0.0.1 only (host port 0 = any free one).</summary>
    internal static Dictionary<string, IList<PortBinding>> PortBinding(int containerPort, int hostPort) => new()
    {
        [$"{containerPort.ToString(CultureInfo.InvariantCulture)}/tcp"] =
        [
            new PortBinding { HostIP = "127.0.0.1", HostPort = hostPort == 0 ? "" : hostPort.ToString(CultureInfo.InvariantCulture) },
        ],
    };

    private async Task WaitDatabaseReadyAsync(DatabaseConnection connection, string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connection.HostConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString;
        try
        {
            await Poll.UntilNoProblemAsync(
                async ct =>
                {
                    string problem;
                    try
                    {
                        await using var db = new NpgsqlConnection(probe);
                        await db.OpenAsync(ct);
                        await using var command = new NpgsqlCommand("SELECT 1", db);
                        await command.ExecuteScalarAsync(ct);
                        return null;
                    }
                    catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
                    {
                        throw new DeployException(
                            $"database {DatabaseContainerName} refused the password in {PasswordFile} ({e.SqlState}): its volume {DatabaseVolumeName} was " +
                            "initialised with another one; restore that file, or run Down with keepDatabase: false to start from an empty database", e);
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
                    {
                        problem = e.Message.ReplaceLineEndings(" ");
                    }

                    var state = await InspectAsync(containerId, ct);
                    return state.State is not { Running: true } and not { Restarting: true }
                        ? throw new DeployException(
                            $"database container {DatabaseContainerName} exited with code {state.State?.ExitCode}: {await ContainerLogs.SummaryAsync(Api, containerId, ct)}")
                        : problem;
                },
                PollSchedule.Every(TimeSpan.FromMilliseconds(250), timeout),
                $"database container {DatabaseContainerName} to accept connections",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            throw new DeployException(
                $"database container {DatabaseContainerName} did not accept connections on 127.0.0.1:{connection.HostPort} within " +
                $"{timeout.TotalSeconds:0}s ({e.LastSeen}); last output: {await ContainerLogs.SummaryAsync(Api, containerId, cancellationToken)}");
        }
    }

    private Dictionary<string, IDictionary<string, bool>> LabelFilter(string? role)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal)
        {
            [$"{ManagedLabel}=true"] = true,
            [$"{InstanceLabel}={Instance}"] = true,
        };
        if (role is not null)
        {
            labels[$"{RoleLabel}={role}"] = true;
        }

        return new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels };
    }

    /// <summary>A label of a listed container, or null.</summary>
    internal static string? LabelOf(ContainerListResponse container, string label) =>
        container.Labels is { } labels && labels.TryGetValue(label, out var value) ? value : null;

    private static Dictionary<string, IDictionary<string, bool>> NameFilter(string name) =>
        new() { ["name"] = new Dictionary<string, bool> { [name] = true } };

    public void Dispose() => Api.Dispose();
}
