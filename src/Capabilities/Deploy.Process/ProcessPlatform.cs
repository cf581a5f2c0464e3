using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The default local platform: runs a published .NET app (a folder with its dll) as OS processes, one per colour on a
/// free loopback port, behind the environment's edge proxy. Colours alternate blue/green per deploy. Each release is
/// copied to <c>releases/&lt;version&gt;</c> first, so rebuilding the publish folder never changes what a running colour
/// runs, and an on-demand rollback can start it again. The processes and the edge outlive the build: they are the
/// environment, described by <c>current.json</c> and reconciled with reality before every deploy.
/// </summary>
public sealed class ProcessPlatform(LocalEnvironment environment, ProcessPlatformOptions options, ILogger logger)
    : EdgeDrivenPlatform(environment, options.ReadinessPath, options.DrainTimeout, logger)
{
    public override string Name => "process";

    public override async Task<PlatformSnapshot> ReconcileAsync(CancellationToken cancellationToken)
    {
        var client = await ReconnectEdgeAsync(cancellationToken);
        var edgeState = await client.GetStateAsync(cancellationToken);
        var observed = await ObserveAsync(edgeState.Routes, cancellationToken);
        var repairs = RepairsOf(observed);
        var state = observed.State;

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
            if (await ReadinessAsync(colourState.Port, cancellationToken) is null)
            {
                ready.Add(colour.Value);
            }
        }

        var serving = ChooseServing(state, live, ready, edgeState.Routes, repairs);
        foreach (var (colour, orphan) in live.Where(kv => kv.Key != serving).ToList())
        {
            await UnrouteOrphanAsync(client, colour, serving, live, cancellationToken);
            var how = await OsProcess.StopAsync(orphan.Pid!.Value, orphan.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
            repairs.Add($"stopped orphan {colour.ToText()} ({orphan.Version}, pid {orphan.Pid}): {how}");
        }

        var snapshot = await ConvergeAsync(client, serving, live, edgeState.Routes, repairs, cancellationToken);
        foreach (var extra in observed.Untracked)
        {
            var how = await OsProcess.StopAsync(extra.State.Pid!.Value, extra.State.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
            repairs.Add($"stopped untracked {extra.Colour.ToText()} ({extra.State.Version}, pid {extra.State.Pid}): {how}");
        }

        PruneReleases(Local.ReadState());
        return snapshot;
    }

    public override async Task<Revision> ScaleUpAsync(Release release, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        var client = await EnsureEdgeAsync(cancellationToken);
        var (colour, state) = await FreeNextColourAsync(client, cancellationToken);
        var releaseDirectory = CopyRelease(release, state);
        var entry = EntryAssemblyIn(releaseDirectory);
        var port = OsProcess.FreeLoopbackPort();
        Directory.CreateDirectory(Local.LogsDirectory);
        var log = Path.Combine(Local.LogsDirectory, $"{colour.ToText()}.log");
        File.AppendAllText(log, $"--- {DateTimeOffset.UtcNow:O} starting {release.Version} on {colour.ToText()} (port {port})\n");
        var logOffset = new FileInfo(log).Length; // the error of a failed start shows only this start's output

        var env = RevisionVariables(release, colour);
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in options.Environment.Concat(release.Environment))
        {
            env[name] = value;
        }

        Logger.LogInformation("Starting {Version} on {Colour} at http://127.0.0.1:{Port} (log {Log})", release.Version, colour.ToText(), port, log);
        using var process = DetachedProcess.Start([DotnetHost.Find(), entry], releaseDirectory, log, env);
        var startedAt = OsProcess.StartTimeOf(process.Id);
        var colourState = new ColourState(release.Version, releaseDirectory, port, process.Id, startedAt, ColourState.Starting, release.GitSha, log);
        Local.WriteState(state.With(colour.ToText(), colourState));

        try
        {
            await WaitReadyAsync(process, release, colour, port, healthTimeout, log, logOffset, cancellationToken);
        }
        catch
        {
            await OsProcess.StopAsync(process.Id, startedAt, options.StopGracePeriod, CancellationToken.None);
            Local.WriteState(Local.ReadState().With(colour.ToText(), null));
            throw;
        }

        colourState = colourState with { Phase = ColourState.Candidate };
        Local.WriteState(Local.ReadState().With(colour.ToText(), colourState));
        return RevisionOf(colour, colourState);
    }

    /// <summary>CLEAN_UP, then removes the release copies no colour and no recent successful deploy needs.</summary>
    public override async Task<string> CleanUpAsync(Revision revision, Revision? previous, CancellationToken cancellationToken)
    {
        var done = await base.CleanUpAsync(revision, previous, cancellationToken);
        PruneReleases(Local.ReadState());
        return done;
    }

    /// <summary>
    /// Down: stops both colours and the edge, and forgets what ran (current.json). Keeps the records, the releases and
    /// the database in <see cref="LocalEnvironment.DataDirectory"/>. Returns one line per thing stopped.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var observed = await ObserveAsync(RouteTable.Empty, cancellationToken);
        foreach (var (colour, state) in observed.State.Colours.Select(c => (c.Key, c.Value))
                     .Concat(observed.Untracked.Select(u => (u.Colour.ToText(), u.State))))
        {
            if (state.Pid is { } pid)
            {
                var how = await OsProcess.StopAsync(pid, state.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
                done.Add($"{colour} ({state.Version}, pid {pid}): {how}");
            }
        }

        Local.WriteState(new EnvironmentState { Platform = Name });
        done.AddRange(await LocalEdge.StopAsync(Local, options.StopGracePeriod, cancellationToken));
        ForgetEdge();
        return done;
    }

    /// <summary>
    /// The processes running a release copy of this environment, described from their command line and the
    /// environment they were started with (colour, version, port, commit, log).
    /// </summary>
    public override Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<RunningColour>();
        foreach (var process in RunningProcess.WithArgumentUnder(Local.ReleasesDirectory))
        {
            var env = process.Environment;
            if (!EdgeColours.TryParse(env.GetValueOrDefault("PIPELINE_COLOUR"), out var colour)
                || !Uri.TryCreate(env.GetValueOrDefault("ASPNETCORE_URLS"), UriKind.Absolute, out var url)
                || OsProcess.StartTimeOf(process.Pid) is not { } startedAt)
            {
                continue;
            }

            var releases = Path.GetFullPath(Local.ReleasesDirectory).TrimEnd('/') + "/";
            var entry = process.Arguments.First(a => a.StartsWith(releases, StringComparison.Ordinal));
            var source = Path.Combine(releases, entry[releases.Length..].Split('/')[0]);
            found.Add(new RunningColour(colour.Value, new ColourState(
                env.GetValueOrDefault("PIPELINE_VERSION", "?"), source, url.Port, process.Pid, startedAt, ColourState.Active,
                env.GetValueOrDefault("PIPELINE_GIT_SHA") is { Length: > 0 } sha ? sha : null,
                env.GetValueOrDefault("PIPELINE_PROCESS_LOG"))));
        }

        return Task.FromResult<IReadOnlyList<RunningColour>>(found);
    }

    protected override async Task StopRuntimeAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Pid is { } pid)
        {
            var how = await OsProcess.StopAsync(pid, state.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
            Logger.LogInformation("Stopped {Colour} ({Version}, pid {Pid}): {How}", colour.ToText(), state.Version, pid, how);
        }
    }

    protected override Task<string?> RuntimeProblemAsync(ColourState? state, CancellationToken cancellationToken) =>
        Task.FromResult(state is null || !OsProcess.IsAlive(state.Pid, state.ProcessStartedAt)
            ? $"its process (pid {state?.Pid}) is gone{LogTail(state)}"
            : null);

    private async Task WaitReadyAsync(
        System.Diagnostics.Process process, Release release, EdgeColour colour, int port, TimeSpan timeout, string log, long logOffset,
        CancellationToken cancellationToken)
    {
        try
        {
            await Poll.UntilNoProblemAsync(
                async ct => process.HasExited
                    ? throw new RevisionNeverHealthyException(
                        $"{release.Version} on {colour.ToText()} exited with code {process.ExitCode} before it was ready: " +
                        $"{Tail(log, logOffset)} (log {log})")
                    : await ReadinessAsync(port, ct),
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), timeout),
                $"{release.Version} on {colour.ToText()} to be ready",
                cancellationToken);
        }
        catch (PollTimeoutException e)
        {
            throw new RevisionNeverHealthyException(
                $"{release.Version} on {colour.ToText()} was not ready within {timeout.TotalSeconds:0.#}s " +
                $"(GET {ReadinessUrl(port)}: {e.LastSeen}); last output: {Tail(log, logOffset)} (log {log})");
        }
    }

    private static string Tail(string log, long offset) => Foundation.Processes.LogTail.Summary(log, offset, 4);

    private static string LogTail(ColourState? state) =>
        state?.LogFile is { } log ? $"; last output: {Tail(log, Math.Max(0, new FileInfo(log).Length - 4096))}" : "";

    private string CopyRelease(Release release, EnvironmentState state)
    {
        var source = Path.GetFullPath(release.Source);
        if (!Directory.Exists(source))
        {
            throw new DeployException($"release folder {source} does not exist: publish the app there first (dotnet publish -o {release.Source})");
        }

        var releases = Path.GetFullPath(Local.ReleasesDirectory);
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
        if (!Directory.Exists(Local.ReleasesDirectory))
        {
            return;
        }

        var keep = state.Colours.Values.Select(c => Path.GetFullPath(c.Source))
            .Concat(Local.History.Latest(50).Where(r => r.Succeeded).Take(options.KeepReleases).Select(r => Path.GetFullPath(r.Release.Source)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(Local.ReleasesDirectory))
        {
            if (!keep.Contains(Path.GetFullPath(directory)))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException e)
                {
                    Logger.LogDebug("Could not remove old release {Directory}: {Error}", directory, e.Message);
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
}
