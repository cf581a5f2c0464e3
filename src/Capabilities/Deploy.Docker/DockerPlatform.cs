using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Foundation.Polling;
using Pipeline.Images;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The local platform that runs the real artefact: the image the Image target built, by image id or digest, as one
/// container per colour on the environment's bridge network, published on a random 127.0.0.1 port, behind the same
/// edge proxy, stages, records and rollback triggers as the Process platform. Containers carry a health check,
/// memory and CPU limits and the labels <c>pipeline.environment</c>, <c>pipeline.colour</c>, <c>pipeline.version</c>
/// and <c>pipeline.managed=true</c>; RECONCILE_SERVICE finds by label what a crashed deploy left and converges.
/// With <see cref="DockerPlatformOptions.Database"/> set, the environment's PostgreSQL container is started once,
/// kept across deploys, and its in-network connection string is given to every colour.
/// </summary>
public sealed partial class DockerPlatform : EdgeDrivenPlatform, IDisposable
{
    public const string PlatformName = "docker";

    private const string AppRole = "app";

    private const string OneOffRole = "migrations";

    private readonly DockerPlatformOptions options;
    private DatabaseConnection? database;

    /// <summary>
    /// A Docker platform for <paramref name="environment"/>. Throws <see cref="DeploySettingsException"/> when
    /// <paramref name="options"/> are invalid. Nothing touches the engine until the first call.
    /// </summary>
    public DockerPlatform(LocalEnvironment environment, DockerPlatformOptions options, ILogger logger)
        : base(environment, options?.ReadinessPath ?? "", options?.DrainTimeout ?? default, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } error)
        {
            throw new DeploySettingsException(error);
        }

        this.options = options;
        Docker = DockerEnvironment.Open(environment, options.Database, logger, options.DockerEndpoint);
    }

    public override string Name => PlatformName;

    /// <summary>The environment's Docker resources: names, network, database, Down.</summary>
    public DockerEnvironment Docker { get; }

    /// <summary>
    /// Starts (or finds) the environment's PostgreSQL and returns its connection strings: call it before a deploy to
    /// give the migrations hook <see cref="DatabaseConnection.HostConnectionString"/>. Null without a database configured.
    /// </summary>
    public async Task<DatabaseConnection?> EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (options.Database is null)
        {
            return null;
        }

        database ??= await Docker.EnsureDatabaseAsync(cancellationToken);
        return database;
    }

    /// <summary>Down: see <see cref="DockerEnvironment.DownAsync"/>. Keeps the database volume unless told otherwise.</summary>
    public async Task<IReadOnlyList<string>> DownAsync(bool keepDatabase = true, CancellationToken cancellationToken = default)
    {
        ForgetEdge();
        database = null;
        return await Docker.DownAsync(keepDatabase, options.StopGracePeriod, cancellationToken);
    }

    public override async Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        var recorded = Local.TryReadState(out _);
        if (recorded is { Platform: { Length: > 0 } other } && other != Name && recorded.Colours.Count > 0)
        {
            throw new DeployException(
                $"environment '{Local.Name}' runs on the {other} platform ({string.Join(", ", recorded.Colours.Select(c => $"{c.Key} {c.Value.Version}"))}), " +
                $"not on the {Name} platform it is declared with")
            { Remedy = DeployRemedy.TakeDown };
        }

        await Docker.Network.EnsureAsync(cancellationToken);
        database = null;
        await EnsureDatabaseAsync(cancellationToken);
        var client = await ReconnectEdgeAsync(cancellationToken);
        var edgeState = await client.GetStateAsync(cancellationToken);
        var observed = await ObserveAsync(edgeState.Routes, cancellationToken);
        var repairs = RepairsOf(observed);
        var state = observed.State;
        var containers = await Docker.Containers.ListAsync(AppRole, cancellationToken);

        var live = new Dictionary<EdgeColour, ColourState>();
        var ready = new HashSet<EdgeColour>();
        foreach (var (name, colourState) in state.Colours)
        {
            if (!EdgeColours.TryParse(name, out var colour))
            {
                continue;
            }

            var container = colourState.ContainerId is { } id ? containers.FirstOrDefault(c => c.ID == id) : null;
            if (container is null)
            {
                repairs.Add($"forgot {name} ({colourState.Version}): its container {Short(colourState.ContainerId)} is gone");
                continue;
            }

            if (container.State != "running")
            {
                if (name != state.ActiveColour || !await RestartAsync(container, colourState, cancellationToken))
                {
                    continue; // removed with the orphans below
                }

                repairs.Add($"restarted {name} ({colourState.Version}): its container had stopped");
            }

            var inspected = await Docker.Containers.InspectAsync(container.ID, cancellationToken);
            var port = DockerContainers.HostPortOf(inspected, options.ContainerPort) ?? colourState.Port;
            live[colour.Value] = colourState with { Port = port };
            if (await ReadinessAsync(port, cancellationToken) is null)
            {
                ready.Add(colour.Value);
            }
        }

        var serving = ChooseServing(state, live, ready, edgeState.Routes, repairs);
        var keep = serving is { } kept ? live[kept].ContainerId : null;
        foreach (var orphan in containers.Where(c => c.ID != keep))
        {
            var colourText = DockerLabels.Of(orphan, DockerEnvironment.ColourLabel) ?? "?";
            if (EdgeColours.TryParse(colourText, out var colour) && live.TryGetValue(colour.Value, out var known) && known.ContainerId == orphan.ID)
            {
                await UnrouteOrphanAsync(client, colour.Value, serving, live, cancellationToken);
            }

            await SaveLogsAsync(orphan.ID, colourText, cancellationToken);
            await Docker.Containers.RemoveAsync(orphan.ID, options.StopGracePeriod, cancellationToken);
            repairs.Add($"removed orphan container {NameOf(orphan)} ({colourText} {DockerLabels.Of(orphan, DockerEnvironment.VersionLabel)}, {orphan.State})");
        }

        return await ConvergeAsync(client, serving, live, edgeState.Routes, repairs, cancellationToken);
    }

    public override async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var client = await EnsureEdgeAsync(cancellationToken);
        var (imageId, digest) = await ResolveImageAsync(release, cancellationToken);
        var connection = await EnsureDatabaseAsync(cancellationToken);
        var (colour, state) = await FreeNextColourAsync(client, cancellationToken);
        var name = $"{Docker.Prefix}-{colour.ToText()}";
        if (await Docker.Containers.TryInspectAsync(name, cancellationToken) is { } stale)
        {
            await Docker.Containers.RemoveAsync(stale.ID, options.StopGracePeriod, cancellationToken);
        }

        var env = RevisionVariables(release, colour);
        if (connection is not null)
        {
            env[options.Database!.ConnectionStringVariable] = connection.NetworkConnectionString;
        }

        foreach (var (key, value) in options.Environment.Concat(release.Environment))
        {
            env[key] = value;
        }

        var created = await Docker.Api.CallAsync(c => c.Containers.CreateContainerAsync(
            CreateParameters(name, imageId, release, colour, env), cancellationToken));
        var runs = release with { Source = imageId, Digest = digest };
        var colourState = new ColourState(release.Version, imageId, 0, null, null, ColourState.Starting, release.GitSha, ContainerId: created.ID);
        Local.WriteState(state.With(colour.ToText(), colourState));

        try
        {
            await Docker.Containers.StartAsync(created.ID, name, 0, cancellationToken);
            var inspected = await Docker.Containers.InspectAsync(created.ID, cancellationToken);
            var port = DockerContainers.HostPortOf(inspected, options.ContainerPort)
                ?? throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} (container {name}) got no published port for {options.ContainerPort}/tcp: " +
                    $"{await ContainerLogs.SummaryAsync(Docker.Api, created.ID, cancellationToken)}");
            colourState = colourState with { Port = port };
            Local.WriteState(Local.ReadState().With(colour.ToText(), colourState));
            Logger.LogInformation("Started {Version} on {Colour}: container {Name} ({Image}) at http://127.0.0.1:{Port}",
                release.Version, colour.ToText(), name, Short(imageId), port);
            await WaitReadyAsync(created.ID, name, release, colour, port, healthTimeout, cancellationToken);
            // Ready: from now on the engine restarts it when its process dies (a crash, an OOM kill), on the same host
            // port, so the edge's route stays right. Not before: a start that fails must show as never healthy.
            await Docker.Api.CallAsync(c => c.Containers.UpdateContainerAsync(
                created.ID, new ContainerUpdateParameters { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } }, cancellationToken));
        }
        catch
        {
            await SaveLogsAsync(created.ID, colour.ToText(), CancellationToken.None);
            await Docker.Containers.RemoveAsync(created.ID, TimeSpan.Zero, CancellationToken.None);
            Local.WriteState(Local.ReadState().With(colour.ToText(), null));
            throw;
        }

        colourState = colourState with { Phase = ColourState.Candidate };
        Local.WriteState(Local.ReadState().With(colour.ToText(), colourState));
        return new Revision(colour.ToText(), runs, AddressOf(colourState.Port));
    }

    /// <summary>
    /// Runs <paramref name="command"/> from the release's image as a one-off container on the environment's network,
    /// with the environment's variables and its database's connection string, and waits for it to exit (a migrations
    /// command: <c>alembic upgrade head</c>). Its output goes to the log; a non-zero exit throws a
    /// <see cref="DeployException"/> with the command's last line, its own error.
    /// </summary>
    internal async Task RunOneOffAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var (imageId, _) = await ResolveImageAsync(release, cancellationToken);
        await Docker.Network.EnsureAsync(cancellationToken);
        var connection = await EnsureDatabaseAsync(cancellationToken);
        var env = new Dictionary<string, string>();
        if (connection is not null)
        {
            env[options.Database!.ConnectionStringVariable] = connection.NetworkConnectionString;
        }

        foreach (var (key, value) in options.Environment.Concat(release.Environment))
        {
            env[key] = value;
        }

        var name = $"{Docker.Prefix}-{OneOffRole}";
        if (await Docker.Containers.TryInspectAsync(name, cancellationToken) is { } stale)
        {
            await Docker.Containers.RemoveAsync(stale.ID, TimeSpan.Zero, cancellationToken);
        }

        var created = await Docker.Api.CallAsync(c => c.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = imageId,
            Cmd = [.. command],
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = Docker.Labels.For(OneOffRole, version: release.Version),
            HostConfig = new HostConfig
            {
                Memory = options.MemoryBytes,
                MemorySwap = options.MemoryBytes,
                NanoCPUs = (long)(options.Cpus * 1_000_000_000),
                NetworkMode = Docker.NetworkName,
                Init = true,
            },
        }, cancellationToken));
        var shown = string.Join(' ', command);
        try
        {
            await Docker.Api.CallAsync(c => c.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
            var exited = await Docker.Api.CallAsync(c => c.Containers.WaitContainerAsync(created.ID, cancellationToken));
            var output = await ContainerLogs.TailAsync(Docker.Api, created.ID, 200, CancellationToken.None);
            foreach (var line in output)
            {
                Logger.LogInformation("  {Command}: {Line}", command[0], line);
            }

            if (exited.StatusCode != 0)
            {
                throw new DeployException(
                    $"'{shown}' (from {Short(imageId)}) exited with code {exited.StatusCode}: {(output.Count > 0 ? output[^1] : "no output")}");
            }

            Logger.LogInformation("'{Command}' from {Image} exited 0", shown, Short(imageId));
        }
        finally
        {
            await Docker.Containers.RemoveAsync(created.ID, TimeSpan.Zero, CancellationToken.None);
        }
    }

    /// <summary>The environment's app containers (running or not), found by label, described from their labels and settings.</summary>
    public override async Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<RunningColour>();
        foreach (var container in await Docker.Containers.ListAsync(AppRole, cancellationToken))
        {
            if (!EdgeColours.TryParse(DockerLabels.Of(container, DockerEnvironment.ColourLabel), out var colour))
            {
                continue;
            }

            var inspected = await Docker.Containers.TryInspectAsync(container.ID, cancellationToken);
            var env = inspected?.Config?.Env ?? [];
            var sha = env.FirstOrDefault(e => e.StartsWith("PIPELINE_GIT_SHA=", StringComparison.Ordinal))?["PIPELINE_GIT_SHA=".Length..];
            var port = inspected is null ? null : DockerContainers.HostPortOf(inspected, options.ContainerPort);
            found.Add(new RunningColour(colour.Value, new ColourState(
                DockerLabels.Of(container, DockerEnvironment.VersionLabel) ?? "?", container.ImageID, port ?? 0, null, null,
                ColourState.Active, sha is { Length: > 0 } ? sha : null, ContainerId: container.ID)));
        }

        return found;
    }

    protected override async Task<string?> RuntimeProblemAsync(ColourState? state, CancellationToken cancellationToken)
    {
        var container = state?.ContainerId is { } id ? await Docker.Containers.TryInspectAsync(id, cancellationToken) : null;
        if (container?.State is not { Running: true })
        {
            return container is null
                ? $"its container {Short(state?.ContainerId)} is gone"
                : $"its container exited with code {container.State?.ExitCode}{(container.State?.OOMKilled == true ? " (out of memory)" : "")}: " +
                  await ContainerLogs.SummaryAsync(Docker.Api, container.ID, cancellationToken);
        }

        return container.State.Health is { Status: "unhealthy" } health ? $"its container health check fails: {LastHealthOutput(health)}" : null;
    }

    public void Dispose()
    {
        ForgetEdge();
        Docker.Dispose();
    }

    private CreateContainerParameters CreateParameters(
        string name, string imageId, Release release, EdgeColour colour, IReadOnlyDictionary<string, string> env) => new()
        {
            Name = name,
            Image = imageId,
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = Docker.Labels.For(AppRole, colour.ToText(), release.Version),
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
                NetworkMode = Docker.NetworkName,
                Init = true,
            },
        };

    private async Task<(string Id, string? Digest)> ResolveImageAsync(Release release, CancellationToken cancellationToken)
    {
        var source = release.Source.Trim();
        var isId = ImageIdPattern().IsMatch(source);
        if (!isId && !ImageReference.TryParse(source, out _))
        {
            throw new DeployException(
                $"release {release.Version}: '{source}' is neither an image id (sha256:…) nor an image reference; pass what the Image target built");
        }

        var image = await Docker.Images.TryInspectAsync(source, cancellationToken)
            ?? throw new DeployException(
                $"image {source} not found on the Docker engine at {Docker.Endpoint}: build it (or docker pull it), then deploy its id or digest")
            { Remedy = DeployRemedy.BuildImage };
        var digest = release.Digest
            ?? (source.Contains('@', StringComparison.Ordinal) ? source[(source.IndexOf('@', StringComparison.Ordinal) + 1)..] : null);
        return (image.ID, digest);
    }

    private async Task WaitReadyAsync(
        string containerId, string name, Release release, EdgeColour colour, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilNoProblemAsync(
                async ct =>
                {
                    var container = await Docker.Containers.InspectAsync(containerId, ct);
                    if (container.State is not { Running: true })
                    {
                        throw new RevisionNeverHealthyException(
                            $"{release.Version} on {colour.ToText()} (container {name}) exited with code {container.State?.ExitCode}" +
                            $"{(container.State?.OOMKilled == true ? " (out of memory)" : "")} before it was ready: " +
                            $"{await ContainerLogs.SummaryAsync(Docker.Api, containerId, ct)} (log {LogPath(colour.ToText())})");
                    }

                    if (container.State.Health is { Status: "unhealthy" } health)
                    {
                        throw new RevisionNeverHealthyException(
                            $"{release.Version} on {colour.ToText()} (container {name}) failed its container health check: {LastHealthOutput(health)}; " +
                            $"last output: {await ContainerLogs.SummaryAsync(Docker.Api, containerId, ct)}");
                    }

                    return await ReadinessAsync(port, ct);
                },
                PollSchedule.Every(TimeSpan.FromMilliseconds(150), timeout),
                $"{release.Version} on {colour.ToText()} (container {name}) to be ready",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            throw new RevisionNeverHealthyException(
                $"{release.Version} on {colour.ToText()} (container {name}) was not ready within {timeout.TotalSeconds:0.#}s " +
                $"(GET {ReadinessUrl(port)}: {e.LastSeen}); last output: " +
                $"{await ContainerLogs.SummaryAsync(Docker.Api, containerId, cancellationToken)}");
        }
    }

    /// <summary>Starts the stopped container of the active colour again; false when it does not come back ready.</summary>
    private async Task<bool> RestartAsync(ContainerListResponse container, ColourState state, CancellationToken cancellationToken)
    {
        try
        {
            await Docker.Containers.StartAsync(container.ID, NameOf(container), 0, cancellationToken);
            var inspected = await Docker.Containers.InspectAsync(container.ID, cancellationToken);
            if (DockerContainers.HostPortOf(inspected, options.ContainerPort) is not { } port)
            {
                return false;
            }

            var release = new Release(state.Version, state.Source, state.GitSha);
            var colour = EdgeColours.TryParse(DockerLabels.Of(container, DockerEnvironment.ColourLabel), out var c)
                ? c.Value
                : EdgeColour.Blue;
            await WaitReadyAsync(container.ID, NameOf(container), release, colour, port, TimeSpan.FromSeconds(30), cancellationToken);
            return true;
        }
        catch (DeployException e)
        {
            Logger.LogWarning("Could not restart {Container}: {Error}", NameOf(container), e.Message);
            return false;
        }
    }

    protected override async Task StopRuntimeAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.ContainerId is { } id)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await SaveLogsAsync(id, colour.ToText(), cancellationToken);
            await Docker.Containers.RemoveAsync(id, options.StopGracePeriod, cancellationToken);
            Logger.LogInformation("Removed {Colour} ({Version}, container {Id}) in {Ms} ms", colour.ToText(), state.Version, Short(id), clock.ElapsedMilliseconds);
        }
    }

    /// <summary>Appends a leaving container's output to logs/&lt;colour&gt;.log, as the Process platform's logs are kept.</summary>
    private async Task SaveLogsAsync(string containerId, string colour, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await ContainerLogs.TailAsync(Docker.Api, containerId, 500, cancellationToken);
            Directory.CreateDirectory(Local.LogsDirectory);
            await File.AppendAllTextAsync(
                LogPath(colour),
                $"--- {DateTimeOffset.UtcNow:O} container {Short(containerId)} removed; its last {lines.Count} lines:\n" + string.Concat(lines.Select(l => l + "\n")),
                cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DeployException)
        {
            Logger.LogDebug("Could not keep the logs of container {Id}: {Error}", Short(containerId), e.Message);
        }
    }

    private string LogPath(string colour) => Path.Combine(Local.LogsDirectory, $"{colour}.log");

    private static string LastHealthOutput(Health health) =>
        health.Log is { Count: > 0 } log ? $"{log[^1].Output?.Trim().ReplaceLineEndings(" ")} (exit {log[^1].ExitCode}, {health.FailingStreak} in a row)" : "no output";

    private static string NameOf(ContainerListResponse container) => container.Names.FirstOrDefault()?.TrimStart('/') ?? Short(container.ID);

    private static string Short(string? id) => id is null ? "(none)" : id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..19] : id[..Math.Min(12, id.Length)];

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex ImageIdPattern();
}
