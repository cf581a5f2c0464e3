using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The default local platform: runs a published .NET app (a folder with its dll) as OS processes, one per colour on a
/// free loopback port, behind the environment's edge proxy. Colours alternate blue/green per deploy. Each release is
/// copied to <c>releases/&lt;version&gt;</c> first, so rebuilding the publish folder never changes what a running colour
/// runs, and an on-demand rollback can start it again. The processes and the edge outlive the build: they are the
/// environment, described by <c>current.json</c> and reconciled with reality before every deploy.
/// </summary>
public sealed class ProcessPlatform(LocalEnvironment environment, ProcessPlatformOptions options, ILogger logger) : IDeploymentPlatform
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    private EdgeClient? edge;

    public string Name => "process";

    public async Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        var client = await EnsureEdgeAsync(cancellationToken);
        var repairs = new List<string>();
        var state = environment.ReadState();
        var edgeState = await client.GetStateAsync(cancellationToken);

        var live = new Dictionary<EdgeColour, ColourState>();
        var ready = new HashSet<EdgeColour>();
        foreach (var (name, colourState) in state.Colours)
        {
            if (!EdgeColours.TryParse(name, out var colour))
            {
                continue;
            }

            if (!OsProcess.IsAlive(colourState.Pid, colourState.ProcessStartedAt))
            {
                repairs.Add($"forgot {name} ({colourState.Version}, pid {colourState.Pid}): it was not running");
                continue;
            }

            live[colour.Value] = colourState;
            if (await IsReadyAsync(colourState.Port, cancellationToken))
            {
                ready.Add(colour.Value);
            }
        }

        // The last healthy colour is the recorded active one; failing that, a ready colour (the one the edge favours);
        // failing that, the recorded active one even if not ready right now (better than stopping everything).
        var recorded = EdgeColours.TryParse(state.ActiveColour, out var active) ? active : null;
        EdgeColour? serving = recorded is { } r && ready.Contains(r)
            ? r
            : ready.OrderByDescending(c => edgeState.Routes.WeightOf(c)).Cast<EdgeColour?>().FirstOrDefault()
              ?? (recorded is { } r2 && live.ContainsKey(r2) ? r2 : null);
        if (serving is { } s && s != recorded)
        {
            repairs.Add($"{s.ToText()} ({live[s].Version}) takes production: the recorded active colour {state.ActiveColour ?? "none"} was not serving");
        }

        foreach (var (colour, orphan) in live.Where(kv => kv.Key != serving).ToList())
        {
            live.Remove(colour);
            var desiredWithoutOrphan = RoutesFor(serving, live);
            await client.SetRoutesAsync(desiredWithoutOrphan, cancellationToken);
            var how = await OsProcess.StopAsync(orphan.Pid!.Value, orphan.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
            repairs.Add($"stopped orphan {colour.ToText()} ({orphan.Version}, pid {orphan.Pid}): {how}");
        }

        var desired = RoutesFor(serving, live);
        var current = (await client.GetStateAsync(cancellationToken)).Routes;
        if (!SameRoutes(current, desired))
        {
            await client.SetRoutesAsync(desired, cancellationToken);
            repairs.Add($"edge routes were {edgeState.Routes}; now {desired}");
        }

        var converged = new EnvironmentState
        {
            Platform = Name,
            ActiveColour = serving?.ToText(),
            Colours = new SortedDictionary<string, ColourState>(
                live.ToDictionary(kv => kv.Key.ToText(), kv => kv.Value with { Phase = ColourState.Active }), StringComparer.Ordinal),
        };
        environment.WriteState(converged);
        PruneReleases(converged);

        var activeRevision = serving is { } a ? RevisionOf(a, live[a]) : null;
        return new PlatformSnapshot(activeRevision, client.PublicUrl, repairs);
    }

    public async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var client = await EnsureEdgeAsync(cancellationToken);
        var state = environment.ReadState();
        var colour = EdgeColours.TryParse(state.ActiveColour, out var active) ? active.Value.Other() : EdgeColour.Blue;
        if (state.Colours.TryGetValue(colour.ToText(), out var leftover))
        {
            await StopColourAsync(client, colour, leftover, drain: false, cancellationToken);
            state = environment.ReadState();
        }

        var releaseDirectory = CopyRelease(release, state);
        var entry = EntryAssemblyIn(releaseDirectory);
        var port = OsProcess.FreeLoopbackPort();
        Directory.CreateDirectory(environment.LogsDirectory);
        var log = Path.Combine(environment.LogsDirectory, $"{colour.ToText()}.log");
        File.AppendAllText(log, $"--- {DateTimeOffset.UtcNow:O} starting {release.Version} on {colour.ToText()} (port {port})\n");
        var logOffset = new FileInfo(log).Length; // the error of a failed start shows only this start's output

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["PIPELINE_VERSION"] = release.Version,
            ["PIPELINE_GIT_SHA"] = release.GitSha ?? "",
            ["PIPELINE_COLOUR"] = colour.ToText(),
            ["PIPELINE_ENVIRONMENT"] = environment.Name,
        };
        foreach (var (name, value) in options.Environment.Concat(release.Environment))
        {
            env[name] = value;
        }

        logger.LogInformation("Starting {Version} on {Colour} at http://127.0.0.1:{Port} (log {Log})", release.Version, colour.ToText(), port, log);
        using var process = OsProcess.StartDetached([DotnetHost(), entry], releaseDirectory, log, env);
        var startedAt = OsProcess.StartTimeOf(process.Id);
        var colourState = new ColourState(release.Version, releaseDirectory, port, process.Id, startedAt, ColourState.Starting, release.GitSha, log);
        environment.WriteState(state.With(colour.ToText(), colourState));

        try
        {
            await WaitReadyAsync(process, release, colour, port, healthTimeout, log, logOffset, cancellationToken);
        }
        catch
        {
            await OsProcess.StopAsync(process.Id, startedAt, options.StopGracePeriod, CancellationToken.None);
            environment.WriteState(environment.ReadState().With(colour.ToText(), null));
            throw;
        }

        colourState = colourState with { Phase = ColourState.Candidate };
        environment.WriteState(environment.ReadState().With(colour.ToText(), colourState));
        return RevisionOf(colour, colourState);
    }

    public async Task<Uri> ShiftTestTrafficAsync(Revision revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var client = await EnsureEdgeAsync(cancellationToken);
        var colour = ColourOf(revision);
        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        var other = routes[colour.Other()];
        // With nothing else serving (a first deploy), weights must still sum to 100: the new colour takes production too.
        var weight = other is null ? 100 : 0;
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
        string? detail = null;
        if (state is null || !OsProcess.IsAlive(state.Pid, state.ProcessStartedAt))
        {
            detail = $"its process (pid {state?.Pid}) is gone{LogTail(state)}";
        }
        else if (await ReadinessAsync(state.Port, cancellationToken) is { } problem)
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
        var mine = recorded with { Phase = ColourState.Active };
        state = state.With(colour.ToText(), mine) with { ActiveColour = colour.ToText() };
        environment.WriteState(state);

        var routes = (await client.GetStateAsync(cancellationToken)).Routes;
        await client.SetRoutesAsync(routes with { Test = colour }, cancellationToken);
        if (state.Colours.TryGetValue(colour.Other().ToText(), out var old))
        {
            await StopColourAsync(client, colour.Other(), old, drain: true, cancellationToken);
        }

        PruneReleases(environment.ReadState());
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

    /// <summary>
    /// Down: stops both colours and the edge, and forgets what ran (current.json). Keeps the records, the releases and
    /// the database in <see cref="LocalEnvironment.DataDirectory"/>. Returns one line per thing stopped.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var state = environment.ReadState();
        foreach (var (name, colour) in state.Colours)
        {
            if (colour.Pid is { } pid)
            {
                var how = await OsProcess.StopAsync(pid, colour.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
                done.Add($"{name} ({colour.Version}, pid {pid}): {how}");
            }
        }

        environment.WriteState(new EnvironmentState { Platform = Name });
        try
        {
            using var client = await EdgeClient.ConnectAsync(environment.EdgeDirectory, cancellationToken);
            var pid = client.Info.Pid;
            await client.ShutdownAsync(cancellationToken);
            var how = await OsProcess.StopAsync(pid, null, options.StopGracePeriod, cancellationToken);
            done.Add($"edge (pid {pid}): {(how == "was not running" ? "stopped" : how)}");
        }
        catch (EdgeUnreachableException)
        {
            if (ReadEdgeInfo() is { } info && OsProcess.IsAlive(info.Pid, null))
            {
                var how = await OsProcess.StopAsync(info.Pid, null, options.StopGracePeriod, cancellationToken);
                done.Add($"edge (pid {info.Pid}, not answering): {how}");
            }
        }

        edge?.Dispose();
        edge = null;
        return done;
    }

    private async Task<EdgeClient> EnsureEdgeAsync(CancellationToken cancellationToken)
    {
        if (edge is not null)
        {
            return edge;
        }

        try
        {
            edge = await EdgeClient.ConnectAsync(environment.EdgeDirectory, cancellationToken);
        }
        catch (EdgeUnreachableException e)
        {
            if (ReadEdgeInfo() is { } info && OsProcess.IsAlive(info.Pid, null))
            {
                throw new DeployException(
                    $"the edge of environment '{environment.Name}' (pid {info.Pid}) is running but its control API does not answer ({e.Message}); " +
                    $"see {Path.Combine(environment.EdgeDirectory, EdgeInfo.LogFileName)}, or run ./build.sh Down and deploy again", e);
            }

            try
            {
                edge = await EdgeProcess.StartDetachedAsync(
                    environment.EdgeDirectory, new EdgePorts(environment.Definition.PublicPort, environment.Definition.TestPort), logger, cancellationToken);
            }
            catch (EdgeException start) when (start is not EdgeUnreachableException)
            {
                throw new DeployException($"environment '{environment.Name}': {start.Message}", start);
            }
        }

        return edge;
    }

    private EdgeInfo? ReadEdgeInfo()
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(environment.EdgeDirectory, EdgeInfo.FileName));
            return JsonSerializer.Deserialize<EdgeInfo>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
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

        if (state.Pid is { } pid)
        {
            var how = await OsProcess.StopAsync(pid, state.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
            logger.LogInformation("Stopped {Colour} ({Version}, pid {Pid}): {How}", colour.ToText(), state.Version, pid, how);
        }

        environment.WriteState(environment.ReadState().With(colour.ToText(), null));
    }

    private async Task WaitReadyAsync(
        System.Diagnostics.Process process, Release release, EdgeColour colour, int port, TimeSpan timeout, string log, long logOffset,
        CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            if (process.HasExited)
            {
                throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} exited with code {process.ExitCode} before it was ready: " +
                    $"{Tail(log, logOffset)} (log {log})");
            }

            last = await ReadinessAsync(port, cancellationToken);
            if (last is null)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new RevisionNeverHealthyException(
                    $"{release.Version} on {colour.ToText()} was not ready within {timeout.TotalSeconds:0.#}s " +
                    $"(GET http://127.0.0.1:{port}{options.ReadinessPath}: {last}); last output: {Tail(log, logOffset)} (log {log})");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<bool> IsReadyAsync(int port, CancellationToken cancellationToken) =>
        await ReadinessAsync(port, cancellationToken) is null;

    /// <summary>Null when the readiness path answers 2xx; otherwise what it answered.</summary>
    private async Task<string?> ReadinessAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri($"http://127.0.0.1:{port}{options.ReadinessPath}"), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = string.Join(' ', (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.TrimEntries));
            return $"answered {(int)response.StatusCode}{(body.Length == 0 ? "" : $" {(body.Length > 160 ? body[..160] + "…" : body)}")}";
        }
        catch (HttpRequestException e)
        {
            return $"failed: {e.HttpRequestError}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "did not answer within 3 s";
        }
    }

    private static string Tail(string log, long offset)
    {
        var lines = OsProcess.LastLines(log, offset, 4);
        return lines.Count == 0 ? "no output" : string.Join(" | ", lines);
    }

    private static string LogTail(ColourState? state) =>
        state?.LogFile is { } log ? $"; last output: {Tail(log, Math.Max(0, new FileInfo(log).Length - 4096))}" : "";

    private string CopyRelease(Release release, EnvironmentState state)
    {
        var source = Path.GetFullPath(release.Source);
        if (!Directory.Exists(source))
        {
            throw new DeployException($"release folder {source} does not exist: publish the app there first (dotnet publish -o {release.Source})");
        }

        var releases = Path.GetFullPath(environment.ReleasesDirectory);
        if (Path.GetDirectoryName(source.TrimEnd(Path.DirectorySeparatorChar)) == releases)
        {
            return source; // already a durable copy (an on-demand rollback)
        }

        var inUse = state.Colours.Values.Select(c => Path.GetFullPath(c.Source)).ToHashSet(StringComparer.Ordinal);
        var target = Path.Combine(releases, release.Version);
        for (var n = 2; inUse.Contains(target); n++)
        {
            target = Path.Combine(releases, $"{release.Version}~{n.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        CopyDirectory(source, target + ".partial");
        Directory.Move(target + ".partial", target);
        return target;
    }

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private void PruneReleases(EnvironmentState state)
    {
        if (!Directory.Exists(environment.ReleasesDirectory))
        {
            return;
        }

        var keep = state.Colours.Values.Select(c => Path.GetFullPath(c.Source))
            .Concat(environment.History.Latest(50).Where(r => r.Succeeded).Take(options.KeepReleases).Select(r => Path.GetFullPath(r.Release.Source)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(environment.ReleasesDirectory))
        {
            if (!keep.Contains(Path.GetFullPath(directory)))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException e)
                {
                    logger.LogDebug("Could not remove old release {Directory}: {Error}", directory, e.Message);
                }
            }
        }
    }

    private string EntryAssemblyIn(string directory)
    {
        if (options.EntryAssembly is { } entry)
        {
            var path = Path.Combine(directory, entry);
            return File.Exists(path)
                ? path
                : throw new DeployException($"{entry} not found in {directory}: check ProcessPlatformOptions.EntryAssembly or the publish output");
        }

        var configs = Directory.GetFiles(directory, "*.runtimeconfig.json");
        return configs.Length == 1
            ? configs[0][..^".runtimeconfig.json".Length] + ".dll"
            : throw new DeployException(
                $"{directory} holds {configs.Length} *.runtimeconfig.json files: set ProcessPlatformOptions.EntryAssembly to the app's dll");
    }

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

    private static Uri AddressOf(int port) => new($"http://127.0.0.1:{port}");

    private static Revision RevisionOf(EdgeColour colour, ColourState state) =>
        new(colour.ToText(), new Release(state.Version, state.Source, state.GitSha), AddressOf(state.Port));

    private static EdgeColour ColourOf(Revision revision) =>
        EdgeColours.TryParse(revision.Id, out var colour)
            ? colour.Value
            : throw new DeployException($"revision '{revision.Id}' is not a colour of the Process platform");

    /// <summary>The dotnet host running us (so the app runs on the same runtime), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (System.Environment.ProcessPath is { } current && Path.GetFileName(current) == exe)
        {
            return current;
        }

        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
