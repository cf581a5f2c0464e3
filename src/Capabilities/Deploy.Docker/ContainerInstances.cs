using System.Globalization;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The Docker platform's instances: the release's image run as one container per colour on the environment's network,
/// published on a 127.0.0.1 port, with a health check, memory and CPU limits, the environment's labels and its
/// database's connection string. Found again by label.
/// </summary>
internal sealed class ContainerInstances(DockerEnvironmentResources docker, DockerPlatformOptions options, Readiness readiness, ILogger logger) : IInstanceLifecycle
{
    public const string AppRole = "app";

    private DatabaseConnection? database;

    public string Platform => DockerPlatform.PlatformName;

    /// <summary>Starts (or finds) the environment's PostgreSQL once per deploy; null without a database configured.</summary>
    public async Task<DatabaseConnection?> EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (options.Database is null)
        {
            return null;
        }

        database ??= await docker.EnsureDatabaseAsync(cancellationToken);
        return database;
    }

    /// <summary>Forgets the database's connection (Down removed it, or reconcile looks again).</summary>
    public void ForgetDatabase() => database = null;

    public async Task<IStartingInstance> StartAsync(InstanceStart start, CancellationToken cancellationToken)
    {
        var (release, colour) = (start.Release, start.Colour);
        var (imageId, digest) = await ReleaseImage.ResolveAsync(docker, release, cancellationToken);
        var connection = await EnsureDatabaseAsync(cancellationToken);
        var name = $"{docker.Prefix}-{colour.ToText()}";
        if (await docker.Containers.TryInspectAsync(name, cancellationToken) is { } stale)
        {
            await docker.Containers.RemoveAsync(stale.ID, options.StopGracePeriod, cancellationToken);
        }

        var variables = new Dictionary<string, string>(start.Variables, StringComparer.Ordinal);
        if (connection is not null)
        {
            variables.TryAdd(options.Database!.ConnectionStringVariable, connection.NetworkConnectionString);
        }

        var created = await docker.Api.CallAsync(c => c.Containers.CreateContainerAsync(
            CreateParameters(name, imageId, release, colour, variables), cancellationToken));
        int port;
        try
        {
            await docker.Containers.StartAsync(created.ID, name, 0, cancellationToken);
            var inspected = await docker.Containers.InspectAsync(created.ID, cancellationToken);
            port = DockerContainers.HostPortOf(inspected, options.ContainerPort)
                ?? throw new RevisionNeverHealthyException(
                    $"{start.Title} (container {name}) got no published port for {options.ContainerPort}/tcp: " +
                    $"{await ContainerLogs.SummaryAsync(docker.Api, created.ID, cancellationToken)}");
        }
        catch
        {
            await ContainerLogs.SaveAsync(docker.Api, created.ID, LogFile(colour), logger, CancellationToken.None);
            await docker.Containers.RemoveAsync(created.ID, TimeSpan.Zero, CancellationToken.None);
            throw;
        }

        logger.LogInformation("Started {Version} on {Colour}: container {Name} ({Image}) at http://127.0.0.1:{Port}",
            release.Version, colour.ToText(), name, ContainerLogs.ShortId(imageId), port);
        var state = new ColourState(release.Version, imageId, port, null, null, ColourState.Starting, release.GitSha, ContainerId: created.ID);
        return new StartingContainer(docker, state, release with { Source = imageId, Digest = digest }, name, LogFile(colour), logger);
    }

    public async Task<string?> ProblemAsync(ColourState? state, CancellationToken cancellationToken)
    {
        var container = state?.ContainerId is { } id ? await docker.Containers.TryInspectAsync(id, cancellationToken) : null;
        if (container?.State is not { Running: true })
        {
            return container is null
                ? $"its container {ContainerLogs.ShortId(state?.ContainerId)} is gone"
                : $"its container exited with code {container.State?.ExitCode}{(container.State?.OOMKilled == true ? " (out of memory)" : "")}: " +
                  await ContainerLogs.SummaryAsync(docker.Api, container.ID, cancellationToken) +
                  // Docker restarts a crashed container by itself, never one stopped with docker kill or docker stop
                  $"; `docker start {container.Name?.TrimStart('/') ?? ContainerLogs.ShortId(container.ID)}` starts it again on the same port";
        }

        return container.State.Health is { Status: "unhealthy" } health ? $"its container health check fails: {StartingContainer.HealthOutput(health)}" : null;
    }

    /// <summary>
    /// A recorded container as it runs now (its host port re-read). The active colour's stopped container is started
    /// again; any other stopped one is left to reconcile's sweep, which removes it.
    /// </summary>
    public async Task<InstanceCheck> CheckAsync(EdgeColour colour, ColourState state, bool active, CancellationToken cancellationToken)
    {
        var name = colour.ToText();
        var container = state.ContainerId is { } id ? await docker.Containers.TryInspectAsync(id, cancellationToken) : null;
        if (container is null)
        {
            return new InstanceCheck(null, $"forgot {name} ({state.Version}): its container {ContainerLogs.ShortId(state.ContainerId)} is gone");
        }

        string? repair = null;
        if (container.State?.Running != true)
        {
            if (!active || !await RestartAsync(container, state, colour, cancellationToken))
            {
                return new InstanceCheck(null, $"forgot {name} ({state.Version}): its container {ContainerLogs.ShortId(container.ID)} had stopped");
            }

            repair = $"restarted {name} ({state.Version}): its container had stopped";
            container = await docker.Containers.InspectAsync(container.ID, cancellationToken);
        }

        return new InstanceCheck(state with { Port = DockerContainers.HostPortOf(container, options.ContainerPort) ?? state.Port }, repair);
    }

    public async Task<string> StopAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken)
    {
        if (state.ContainerId is not { } id)
        {
            return "not running";
        }

        await ContainerLogs.SaveAsync(docker.Api, id, LogFile(colour), logger, cancellationToken);
        await docker.Containers.RemoveAsync(id, options.StopGracePeriod, cancellationToken);
        return "removed";
    }

    /// <summary>The environment's app containers (running or not), found by label, described from their labels and settings.</summary>
    public async Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<RunningColour>();
        foreach (var container in await docker.Containers.ListAsync(AppRole, cancellationToken))
        {
            if (!EdgeColours.TryParse(DockerLabels.Of(container, DockerEnvironmentResources.ColourLabel), out var colour))
            {
                continue;
            }

            var inspected = await docker.Containers.TryInspectAsync(container.ID, cancellationToken);
            var env = inspected?.Config?.Env ?? [];
            var sha = env.FirstOrDefault(e => e.StartsWith("PIPELINE_GIT_SHA=", StringComparison.Ordinal))?["PIPELINE_GIT_SHA=".Length..];
            var port = inspected is null ? null : DockerContainers.HostPortOf(inspected, options.ContainerPort);
            found.Add(new RunningColour(colour.Value, new ColourState(
                DockerLabels.Of(container, DockerEnvironmentResources.VersionLabel) ?? "?", container.ImageID, port ?? 0, null, null,
                ColourState.Active, sha is { Length: > 0 } ? sha : null, ContainerId: container.ID)));
        }

        return found;
    }

    /// <summary>The environment's network and database, looked at afresh.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await docker.Network.EnsureAsync(cancellationToken);
        ForgetDatabase();
        await EnsureDatabaseAsync(cancellationToken);
    }

    public void Tidy(EnvironmentState state)
    {
        // images are the engine's to keep; nothing of a release lives in the environment's folder
    }

    /// <summary>Starts the stopped container of the active colour again; false when it does not come back ready.</summary>
    private async Task<bool> RestartAsync(ContainerInspectResponse container, ColourState state, EdgeColour colour, CancellationToken cancellationToken)
    {
        var name = container.Name?.TrimStart('/') ?? ContainerLogs.ShortId(container.ID);
        try
        {
            await docker.Containers.StartAsync(container.ID, name, 0, cancellationToken);
            var inspected = await docker.Containers.InspectAsync(container.ID, cancellationToken);
            if (DockerContainers.HostPortOf(inspected, options.ContainerPort) is not { } port)
            {
                return false;
            }

            using var restarted = new StartingContainer(
                docker, state with { Port = port }, new Release(state.Version, state.Source, state.GitSha), name, LogFile(colour), logger);
            await readiness.WaitAsync(restarted, $"{state.Version} on {colour.ToText()}", TimeSpan.FromSeconds(30), cancellationToken);
            return true;
        }
        catch (DeployException e)
        {
            logger.LogWarning("Could not restart {Container}: {Error}", name, e.Message);
            return false;
        }
    }

    private string LogFile(EdgeColour colour) => Path.Combine(docker.Folder.LogsDirectory, $"{colour.ToText()}.log");

    private CreateContainerParameters CreateParameters(
        string name, string imageId, Release release, EdgeColour colour, IReadOnlyDictionary<string, string> env) => new()
        {
            Name = name,
            Image = imageId,
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = docker.Labels.For(AppRole, colour.ToText(), release.Version),
            ExposedPorts = new Dictionary<string, EmptyStruct> { [$"{options.ContainerPort.ToString(CultureInfo.InvariantCulture)}/tcp"] = default },
            // No Test keeps the image's HEALTHCHECK command; the interval is ours so "unhealthy" shows within seconds.
            Healthcheck = new HealthcheckConfig
            {
                Test = options.HealthCheckCommand is { } command ? ["CMD", .. command] : null,
                Interval = options.HealthCheckInterval,
                Timeout = TimeSpan.FromSeconds(5),
                Retries = 3,
            },
            StopTimeout = options.StopGracePeriod,
            HostConfig = new HostConfig
            {
                // A fixed host port: a container the engine restarts keeps it (an ephemeral one would be drawn again).
                PortBindings = DockerContainers.PortBinding(options.ContainerPort, OsProcess.FreeLoopbackPort()),
                Memory = options.MemoryBytes,
                MemorySwap = options.MemoryBytes,
                NanoCPUs = (long)(options.Cpus * 1_000_000_000),
                NetworkMode = docker.NetworkName,
                Init = true,
            },
        };
}
