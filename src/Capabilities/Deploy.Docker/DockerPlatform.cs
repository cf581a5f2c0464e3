using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
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
public sealed partial class DockerPlatform : IDeploymentPlatform, IDisposable
{
    public const string PlatformName = "docker";

    private const string AppRole = "app";

    private readonly LocalEnvironment environment;
    private readonly DockerPlatformOptions options;
    private readonly ILogger logger;
    private EdgeClient? edge;
    private DatabaseConnection? database;

    /// <summary>
    /// A Docker platform for <paramref name="environment"/>. Throws <see cref="DeploySettingsException"/> when
    /// <paramref name="options"/> are invalid. Nothing touches the engine until the first call.
    /// </summary>
    public DockerPlatform(LocalEnvironment environment, DockerPlatformOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.Validate() is { } error)
        {
            throw new DeploySettingsException(error);
        }

        this.environment = environment;
        this.options = options;
        this.logger = logger;
        Docker = DockerEnvironment.Open(environment, options.Database, logger, options.DockerEndpoint);
    }

    public string Name => PlatformName;

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
        edge?.Dispose();
        edge = null;
        database = null;
        return await Docker.DownAsync(keepDatabase, options.StopGracePeriod, cancellationToken);
    }

    public async Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        var state = environment.ReadState();
        if (state.Platform is { Length: > 0 } other && other != Name && state.Colours.Count > 0)
        {
            throw new DeployException(
                $"environment '{environment.Name}' runs on the {other} platform ({string.Join(", ", state.Colours.Select(c => $"{c.Key} {c.Value.Version}"))}): " +
                $"run ./build.sh Down first, then deploy with the {Name} platform");
        }

        await Docker.EnsureNetworkAsync(cancellationToken);
        database = null;
        await EnsureDatabaseAsync(cancellationToken);
        var client = await EnsureEdgeAsync(cancellationToken);
        var repairs = new List<string>();
        var edgeState = await client.GetStateAsync(cancellationToken);
        var containers = await Docker.ListContainersAsync(AppRole, cancellationToken);

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

            var inspected = await Docker.InspectAsync(container.ID, cancellationToken);
            var port = DockerEnvironment.HostPortOf(inspected, options.ContainerPort) ?? colourState.Port;
            live[colour.Value] = colourState with { Port = port };
            if (await ReadinessAsync(port, cancellationToken) is null)
            {
                ready.Add(colour.Value);
            }
        }

        // Same choice as the Process platform: the recorded active colour when ready, else the ready colour the edge
        // favours, else the recorded active one even if not ready right now (better than stopping everything).
        var recorded = EdgeColours.TryParse(state.ActiveColour, out var active) ? active : null;
        EdgeColour? serving = recorded is { } r && ready.Contains(r)
            ? r
            : ready.OrderByDescending(c => edgeState.Routes.WeightOf(c)).Cast<EdgeColour?>().FirstOrDefault()
              ?? (recorded is { } r2 && live.ContainsKey(r2) ? r2 : null);
        if (serving is { } s && s != recorded)
        {
            repairs.Add($"{s.ToText()} ({live[s].Version}) takes production: the recorded active colour {state.ActiveColour ?? "none"} was not serving");
        }

        var keep = serving is { } kept ? live[kept].ContainerId : null;
        foreach (var orphan in containers.Where(c => c.ID != keep))
        {
            var colourText = DockerEnvironment.LabelOf(orphan, DockerEnvironment.ColourLabel) ?? "?";
            if (EdgeColours.TryParse(colourText, out var colour) && live.TryGetValue(colour.Value, out var known) && known.ContainerId == orphan.ID)
            {
                live.Remove(colour.Value);
                await client.SetRoutesAsync(RoutesFor(serving, live), cancellationToken);
            }

            await SaveLogsAsync(orphan.ID, colourText, cancellationToken);
            await Docker.RemoveContainerAsync(orphan.ID, options.StopGracePeriod, cancellationToken);
            repairs.Add($"removed orphan container {NameOf(orphan)} ({colourText} {DockerEnvironment.LabelOf(orphan, DockerEnvironment.VersionLabel)}, {orphan.State})");
        }

        var desired = RoutesFor(serving, live);
        var current = (await client.GetStateAsync(cancellationToken)).Routes;
        if (!SameRoutes(current, desired))
        {
            await client.SetRoutesAsync(desired, cancellationToken);
            repairs.Add($"edge routes were {edgeState.Routes}; now {desired}");
        }

        environment.WriteState(new EnvironmentState
        {
            Platform = Name,
            ActiveColour = serving?.ToText(),
            Colours = new SortedDictionary<string, ColourState>(
                live.ToDictionary(kv => kv.Key.ToText(), kv => kv.Value with { Phase = ColourState.Active }), StringComparer.Ordinal),
        });

        var activeRevision = serving is { } a ? RevisionOf(a, live[a]) : null;
        return new PlatformSnapshot(activeRevision, client.PublicUrl, repairs);
    }

    public async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var client = await EnsureEdgeAsync(cancellationToken);
        var (imageId, digest) = await ResolveImageAsync(release, cancellationToken);
        var connection = await EnsureDatabaseAsync(cancellationToken);
        var state = environment.ReadState();
        var colour = EdgeColours.TryParse(state.ActiveColour, out var active) ? active.Value.Other() : EdgeColour.Blue;
        if (state.Colours.TryGetValue(colour.ToText(), out var leftover))
        {
            await StopColourAsync(client, colour, leftover, drain: false, cancellationToken);
            state = environment.ReadState();
        }

        var name = $"{Docker.Prefix}-{colour.ToText()}";
        if (await Docker.TryInspectAsync(name, cancellationToken) is { } stale)
        {
            await Docker.RemoveContainerAsync(stale.ID, options.StopGracePeriod, cancellationToken);
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PIPELINE_VERSION"] = release.Version,
            ["PIPELINE_GIT_SHA"] = release.GitSha ?? "",
            ["PIPELINE_COLOUR"] = colour.ToText(),
            ["PIPELINE_ENVIRONMENT"] = environment.Name,
        };
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
        environment.WriteState(state.With(colour.ToText(), colourState));

        try
        {
            await Docker.StartAsync(created.ID, name, 0, cancellationToken);
            var inspected = await Docker.InspectAsync(created.ID, cancellationToken);
            var port = DockerEnvironment.HostPortOf(inspected, options.ContainerPort)
                ?? throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} (container {name}) got no published port for {options.ContainerPort}/tcp: " +
                    $"{await ContainerLogs.SummaryAsync(Docker.Api, created.ID, cancellationToken)}");
            colourState = colourState with { Port = port };
            environment.WriteState(environment.ReadState().With(colour.ToText(), colourState));
            logger.LogInformation("Started {Version} on {Colour}: container {Name} ({Image}) at http://127.0.0.1:{Port}",
                release.Version, colour.ToText(), name, Short(imageId), port);
            await WaitReadyAsync(created.ID, name, release, colour, port, healthTimeout, cancellationToken);
        }
        catch
        {
            await SaveLogsAsync(created.ID, colour.ToText(), CancellationToken.None);
            await Docker.RemoveContainerAsync(created.ID, TimeSpan.Zero, CancellationToken.None);
            environment.WriteState(environment.ReadState().With(colour.ToText(), null));
            throw;
        }

        colourState = colourState with { Phase = ColourState.Candidate };
        environment.WriteState(environment.ReadState().With(colour.ToText(), colourState));
        return new Revision(colour.ToText(), runs, AddressOf(colourState.Port));
    }

    public async Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        // With nothing else serving (a first deploy), weights must still sum to 100: the new colour takes production too.
        var weight = routes[colour.Other()] is null ? 100 : 0;
        var next = routes.With(colour, new UpstreamRoute(revision.Address!, weight, revision.Release.Version)) with { Test = colour };
        await client.SetRoutesAsync(next, cancellationToken);
        return client.TestUrl ?? throw new DeployException($"the edge of environment '{environment.Name}' has no test listener; run ./build.sh Down, then Deploy");
    }

    public async Task ShiftProductionTrafficAsync(
        Revision revision, TrafficShift shift, Func<TrafficStep, CancellationToken, Task> stepCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(stepCompleted);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        foreach (var step in shift.Steps())
        {
            var routes = (await client.GetStateAsync(cancellationToken)).Routes;
            var next = routes[colour.Other()] is null
                ? routes
                : colour == EdgeColour.Blue ? routes.WithWeights(step.Percent, 100 - step.Percent) : routes.WithWeights(100 - step.Percent, step.Percent);
            await client.SetRoutesAsync(next, cancellationToken);
            await stepCompleted(step, cancellationToken);
        }
    }

    public async Task<long> MarkAsync(Revision revision, CancellationToken cancellationToken)
    {
        var client = await EnsureEdgeAsync(cancellationToken);
        return (await client.GetStateAsync(cancellationToken)).Sequence;
    }

    public async Task<RevisionHealth> ObserveAsync(Revision revision, long mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var metrics = await client.GetMetricsAsync(colour, mark, cancellationToken);
        var state = environment.ReadState().Colours.GetValueOrDefault(colour.ToText());
        var container = state?.ContainerId is { } id ? await Docker.TryInspectAsync(id, cancellationToken) : null;
        string? detail = null;
        if (container?.State is not { Running: true })
        {
            detail = container is null
                ? $"its container {Short(state?.ContainerId)} is gone"
                : $"its container exited with code {container.State?.ExitCode}{(container.State?.OOMKilled == true ? " (out of memory)" : "")}: " +
                  await ContainerLogs.SummaryAsync(Docker.Api, container.ID, cancellationToken);
        }
        else if (container.State.Health is { Status: "unhealthy" } health)
        {
            detail = $"its container health check fails: {LastHealthOutput(health)}";
        }
        else if (await ReadinessAsync(state!.Port, cancellationToken) is { } problem)
        {
            detail = $"{options.ReadinessPath} {problem}";
        }

        return new RevisionHealth(detail is null, metrics.Requests, metrics.Errors, TimeSpan.FromMilliseconds(metrics.P99Ms), detail);
    }

    public async Task CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var state = environment.ReadState();
        var recorded = state.Colours.GetValueOrDefault(colour.ToText())
            ?? throw new DeployException($"{colour.ToText()} is missing from {environment.Directory}/current.json; run Deploy again to converge");
        state = state.With(colour.ToText(), recorded with { Phase = ColourState.Active }) with { ActiveColour = colour.ToText() };
        environment.WriteState(state);

        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        await client.SetRoutesAsync(routes with { Test = colour }, cancellationToken);
        if (state.Colours.TryGetValue(colour.Other().ToText(), out var old))
        {
            await StopColourAsync(client, colour.Other(), old, drain: true, cancellationToken);
        }
    }

    public async Task RollbackAsync(Revision? failed, Revision? previous, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var client = await EnsureEdgeAsync(cancellationToken);
        var state = environment.ReadState();
        EdgeColour? back = previous is null ? null : ColourOf(previous);
        var live = new Dictionary<EdgeColour, ColourState>();
        if (back is { } b && state.Colours.TryGetValue(b.ToText(), out var backState))
        {
            live[b] = backState;
        }

        // One atomic switch puts every new request back on the previous colour; the failed one then drains.
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        var target = RoutesFor(back, live);
        if (failed is not null && back is not null && routes[ColourOf(failed)] is { } failedRoute)
        {
            target = target.With(ColourOf(failed), failedRoute with { Weight = 0 });
        }

        await client.SetRoutesAsync(target, cancellationToken);
        logger.LogInformation("Traffic back on {Colour} after {Ms} ms: {Routes}", back?.ToText() ?? "nothing", clock.ElapsedMilliseconds, target);

        if (failed is not null && state.Colours.TryGetValue(ColourOf(failed).ToText(), out var failedState))
        {
            await StopColourAsync(client, ColourOf(failed), failedState, drain: back is not null, cancellationToken);
        }
    }

    public void Dispose()
    {
        edge?.Dispose();
        Docker.Dispose();
    }

    private CreateContainerParameters CreateParameters(
        string name, string imageId, Release release, EdgeColour colour, IReadOnlyDictionary<string, string> env) => new()
        {
            Name = name,
            Image = imageId,
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = Docker.Labels(AppRole, colour.ToText(), release.Version),
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
                PortBindings = DockerEnvironment.PortBinding(options.ContainerPort, 0),
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

        var image = await Docker.TryInspectImageAsync(source, cancellationToken)
            ?? throw new DeployException(
                $"image {source} not found on the Docker engine at {Docker.Endpoint}: build it with ./build.sh Image (or docker pull it), then deploy its id or digest");
        var digest = release.Digest
            ?? (source.Contains('@', StringComparison.Ordinal) ? source[(source.IndexOf('@', StringComparison.Ordinal) + 1)..] : null);
        return (image.ID, digest);
    }

    private async Task WaitReadyAsync(
        string containerId, string name, Release release, EdgeColour colour, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var container = await Docker.InspectAsync(containerId, cancellationToken);
            if (container.State is not { Running: true })
            {
                throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} (container {name}) exited with code {container.State?.ExitCode}" +
                    $"{(container.State?.OOMKilled == true ? " (out of memory)" : "")} before it was ready: " +
                    $"{await ContainerLogs.SummaryAsync(Docker.Api, containerId, cancellationToken)} (log {LogPath(colour.ToText())})");
            }

            if (container.State.Health is { Status: "unhealthy" } health)
            {
                throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} (container {name}) failed its container health check: {LastHealthOutput(health)}; " +
                    $"last output: {await ContainerLogs.SummaryAsync(Docker.Api, containerId, cancellationToken)}");
            }

            var problem = await ReadinessAsync(port, cancellationToken);
            if (problem is null)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} (container {name}) was not ready within {timeout.TotalSeconds:0.#}s " +
                    $"(GET http://127.0.0.1:{port}{options.ReadinessPath}: {problem}); last output: " +
                    $"{await ContainerLogs.SummaryAsync(Docker.Api, containerId, cancellationToken)}");
            }

            await Task.Delay(150, cancellationToken);
        }
    }

    /// <summary>Starts the stopped container of the active colour again; false when it does not come back ready.</summary>
    private async Task<bool> RestartAsync(ContainerListResponse container, ColourState state, CancellationToken cancellationToken)
    {
        try
        {
            await Docker.StartAsync(container.ID, NameOf(container), 0, cancellationToken);
            var inspected = await Docker.InspectAsync(container.ID, cancellationToken);
            if (DockerEnvironment.HostPortOf(inspected, options.ContainerPort) is not { } port)
            {
                return false;
            }

            var release = new Release(state.Version, state.Source, state.GitSha);
            var colour = EdgeColours.TryParse(DockerEnvironment.LabelOf(container, DockerEnvironment.ColourLabel), out var c)
                ? c.Value
                : EdgeColour.Blue;
            await WaitReadyAsync(container.ID, NameOf(container), release, colour, port, TimeSpan.FromSeconds(30), cancellationToken);
            return true;
        }
        catch (DeployException e)
        {
            logger.LogWarning("Could not restart {Container}: {Error}", NameOf(container), e.Message);
            return false;
        }
    }

    private async Task StopColourAsync(EdgeClient client, EdgeColour colour, ColourState state, bool drain, CancellationToken cancellationToken)
    {
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        if (routes[colour] is not null)
        {
            if (drain && routes.WeightOf(colour) == 0 && routes.Test != colour)
            {
                var drained = await client.RemoveAsync(colour, options.DrainTimeout, cancellationToken);
                if (!drained.Drained)
                {
                    logger.LogWarning("{Colour} still had {InFlight} requests in flight after {Ms} ms of drain", colour.ToText(), drained.InFlight, drained.WaitedMs);
                }
            }
            else
            {
                var without = routes.With(colour, null);
                if (without.Test == colour)
                {
                    without = without with { Test = null };
                }

                if (without.Blue is null != without.Green is null)
                {
                    without = without.WithWeights(100, 100); // the one left takes everything
                }

                await client.SetRoutesAsync(without, cancellationToken);
            }
        }

        if (state.ContainerId is { } id)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await SaveLogsAsync(id, colour.ToText(), cancellationToken);
            await Docker.RemoveContainerAsync(id, options.StopGracePeriod, cancellationToken);
            logger.LogInformation("Removed {Colour} ({Version}, container {Id}) in {Ms} ms", colour.ToText(), state.Version, Short(id), clock.ElapsedMilliseconds);
        }

        environment.WriteState(environment.ReadState().With(colour.ToText(), null));
    }

    /// <summary>Appends a leaving container's output to logs/&lt;colour&gt;.log, as the Process platform's logs are kept.</summary>
    private async Task SaveLogsAsync(string containerId, string colour, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await ContainerLogs.TailAsync(Docker.Api, containerId, 500, cancellationToken);
            Directory.CreateDirectory(environment.LogsDirectory);
            await File.AppendAllTextAsync(
                LogPath(colour),
                $"--- {DateTimeOffset.UtcNow:O} container {Short(containerId)} removed; its last {lines.Count} lines:\n" + string.Concat(lines.Select(l => l + "\n")),
                cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DeployException)
        {
            logger.LogDebug("Could not keep the logs of container {Id}: {Error}", Short(containerId), e.Message);
        }
    }

    private string LogPath(string colour) => Path.Combine(environment.LogsDirectory, $"{colour}.log");

    private async Task<EdgeClient> EnsureEdgeAsync(CancellationToken cancellationToken)
    {
        if (edge is not null)
        {
            return edge;
        }

        try
        {
            edge = await EdgeProcess.EnsureRunningAsync(
                environment.EdgeDirectory, new EdgePorts(environment.Definition.PublicPort, environment.Definition.TestPort), logger, cancellationToken);
        }
        catch (EdgeException e)
        {
            throw new DeployException($"environment '{environment.Name}': {e.Message}", e);
        }

        return edge;
    }

    private Task<string?> ReadinessAsync(int port, CancellationToken cancellationToken) =>
        ReadinessProbe.CheckAsync(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}{options.ReadinessPath}"), cancellationToken);

    private static string LastHealthOutput(Health health) =>
        health.Log is { Count: > 0 } log ? $"{log[^1].Output?.Trim().ReplaceLineEndings(" ")} (exit {log[^1].ExitCode}, {health.FailingStreak} in a row)" : "no output";

    private static RouteTable RoutesFor(EdgeColour? serving, IReadOnlyDictionary<EdgeColour, ColourState> live)
    {
        if (serving is not { } s || !live.TryGetValue(s, out var state))
        {
            return RouteTable.Empty;
        }

        return RouteTable.Empty.With(s, new UpstreamRoute(AddressOf(state.Port), 100, state.Version)) with { Test = s };
    }

    private static bool SameRoutes(RouteTable a, RouteTable b) =>
        a.Test == b.Test && EdgeColours.All.All(c => a[c]?.Address == b[c]?.Address && a.WeightOf(c) == b.WeightOf(c));

    private static Uri AddressOf(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    private static Revision RevisionOf(EdgeColour colour, ColourState state) =>
        new(colour.ToText(), new Release(state.Version, state.Source, state.GitSha), AddressOf(state.Port));

    private static EdgeColour ColourOf(Revision revision) =>
        EdgeColours.TryParse(revision.Id, out var colour)
            ? colour.Value
            : throw new DeployException($"revision '{revision.Id}' is not a colour of the Docker platform");

    private static string NameOf(ContainerListResponse container) => container.Names.FirstOrDefault()?.TrimStart('/') ?? Short(container.ID);

    private static string Short(string? id) => id is null ? "(none)" : id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..19] : id[..Math.Min(12, id.Length)];

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex ImageIdPattern();
}
