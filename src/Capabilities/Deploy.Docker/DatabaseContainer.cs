using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The environment's PostgreSQL: one container on its network (alias <see cref="DockerEnvironmentResources.DatabaseAlias"/>),
/// its data in a named volume, its generated password in the environment's data folder. Created once, kept across deploys.
/// </summary>
internal sealed class DatabaseContainer(DockerEnvironmentResources docker, DockerDatabaseOptions? options, ILogger logger)
{
    /// <summary>
    /// Starts the environment's PostgreSQL (creating network, volume, password and container the first time; starting
    /// it when stopped) and waits until it accepts connections. Throws <see cref="DeployException"/> with one line when
    /// no database is configured, its image is missing, its port is taken, or it does not become ready.
    /// </summary>
    public async Task<DatabaseConnection> EnsureAsync(CancellationToken cancellationToken)
    {
        var declared = options ?? throw new DeployException(
            $"environment '{docker.Folder.Name}' has no database configured on the docker platform: set DockerPlatformOptions.Database");
        await docker.Network.EnsureAsync(cancellationToken);
        var password = DatabasePassword.ReadOrCreate(docker.PasswordFile);
        var container = await docker.Containers.TryInspectAsync(docker.DatabaseContainerName, cancellationToken)
            ?? await CreateAsync(declared, password, cancellationToken);
        if (container.Config?.Image is { } running && running != declared.Image)
        {
            logger.LogWarning(
                "Database container {Container} runs {Running}, not the declared {Declared}: it keeps its image (and data in volume {Volume}) until the environment is taken down with its data",
                docker.DatabaseContainerName, running, declared.Image, docker.DatabaseVolumeName);
        }

        if (container.State?.Running != true)
        {
            await docker.Containers.StartAsync(container.ID, docker.DatabaseContainerName, declared.HostPort, cancellationToken);
            container = await docker.Containers.InspectAsync(container.ID, cancellationToken);
        }

        var port = DockerContainers.HostPortOf(container, 5432)
            ?? throw new DeployException($"database container {docker.DatabaseContainerName} publishes no port for 5432") { Remedy = DeployRemedy.TakeDown };
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = declared.DatabaseName,
            Username = declared.User,
            Password = password,
        };
        var host = builder.ConnectionString;
        builder.Host = DockerEnvironmentResources.DatabaseAlias;
        builder.Port = 5432;
        var connection = new DatabaseConnection(host, builder.ConnectionString, docker.DatabaseContainerName, docker.DatabaseVolumeName, port);
        await WaitReadyAsync(connection, container.ID, declared.ReadyTimeout, cancellationToken);
        return connection;
    }

    private async Task<ContainerInspectResponse> CreateAsync(DockerDatabaseOptions declared, string password, CancellationToken cancellationToken)
    {
        await docker.Images.EnsureAsync(declared.Image, "database image", cancellationToken);
        await docker.Api.CallAsync(c => c.Volumes.CreateAsync(
            new VolumesCreateParameters { Name = docker.DatabaseVolumeName, Labels = docker.Labels.For("database") }, cancellationToken));
        var parameters = new CreateContainerParameters
        {
            Name = docker.DatabaseContainerName,
            Image = declared.Image,
            Env = [$"POSTGRES_USER={declared.User}", $"POSTGRES_PASSWORD={password}", $"POSTGRES_DB={declared.DatabaseName}"],
            Labels = docker.Labels.For("database"),
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["5432/tcp"] = default },
            HostConfig = new HostConfig
            {
                Mounts = [new Mount { Type = "volume", Source = docker.DatabaseVolumeName, Target = "/var/lib/postgresql/data" }],
                PortBindings = DockerContainers.PortBinding(5432, declared.HostPort),
                Memory = declared.MemoryBytes,
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                NetworkMode = docker.NetworkName,
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [docker.NetworkName] = new() { Aliases = [DockerEnvironmentResources.DatabaseAlias] } },
            },
        };
        if (declared.ServerArguments.Count > 0)
        {
            parameters.Cmd = ["postgres", .. declared.ServerArguments];
        }

        await docker.Api.CallAsync(c => c.Containers.CreateContainerAsync(parameters, cancellationToken));
        logger.LogInformation("Created database container {Container} ({Image}, volume {Volume})", docker.DatabaseContainerName, declared.Image, docker.DatabaseVolumeName);
        return await docker.Containers.InspectAsync(docker.DatabaseContainerName, cancellationToken);
    }

    private async Task WaitReadyAsync(DatabaseConnection connection, string containerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder(connection.HostConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString;
        var name = docker.DatabaseContainerName;
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
                            $"database {name} refused the password in {docker.PasswordFile} ({e.SqlState}): its volume {docker.DatabaseVolumeName} was " +
                            "initialised with another one; restore that file, or run Down with keepDatabase: false to start from an empty database", e);
                    }
                    catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException)
                    {
                        problem = e.Message.ReplaceLineEndings(" ");
                    }

                    var state = await docker.Containers.InspectAsync(containerId, ct);
                    return state.State is not { Running: true } and not { Restarting: true }
                        ? throw new DeployException(
                            $"database container {name} exited with code {state.State?.ExitCode}: {await ContainerLogs.SummaryAsync(docker.Api, containerId, ct)}")
                        : problem;
                },
                PollSchedule.Every(TimeSpan.FromMilliseconds(250), timeout),
                $"database container {name} to accept connections",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            throw new DeployException(
                $"database container {name} did not accept connections on 127.0.0.1:{connection.HostPort} within " +
                $"{timeout.TotalSeconds:0}s ({e.LastSeen}); last output: {await ContainerLogs.SummaryAsync(docker.Api, containerId, cancellationToken)}");
        }
    }
}
