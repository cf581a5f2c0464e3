using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The Process platform's instances: a published .NET app run as an OS process per colour, from a copy of the release
/// in <c>releases/&lt;version&gt;</c> (so rebuilding the publish folder never changes what runs, and an on-demand rollback
/// can start it again), on a free loopback port, its output in <c>logs/&lt;colour&gt;.log</c>. Found again by command
/// line and environment in <c>/proc</c>.
/// </summary>
internal sealed class ProcessInstances(LocalEnvironmentFolder folder, ProcessPlatformOptions options, ILogger logger) : IInstanceLifecycle
{
    private readonly EdgeKeeping keeping = new(folder, logger);

    public string Platform => "process";

    public Task<IStartingInstance> StartAsync(InstanceStart start, CancellationToken cancellationToken)
    {
        var (release, colour) = (start.Release, start.Colour);
        var releaseDirectory = ReleaseCopies.Copy(release, start.State, folder.ReleasesDirectory);
        var entry = EntryAssemblyIn(releaseDirectory);
        var port = OsProcess.FreeLoopbackPort();
        Directory.CreateDirectory(folder.LogsDirectory);
        var log = Path.Combine(folder.LogsDirectory, $"{colour.ToText()}.log");
        File.AppendAllText(log, $"--- {DateTimeOffset.UtcNow:O} starting {release.Version} on {colour.ToText()} (port {port})\n");
        var logOffset = new FileInfo(log).Length; // the error of a failed start shows only this start's output

        var variables = new Dictionary<string, string>(start.Variables, StringComparer.Ordinal);
        variables.TryAdd("ASPNETCORE_URLS", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        logger.LogInformation("Starting {Version} on {Colour} at http://127.0.0.1:{Port} (log {Log})", release.Version, colour.ToText(), port, log);
        var process = DetachedProcess.Start([DotnetHost.Find(), entry], releaseDirectory, log, variables);
        var startedAt = OsProcess.StartTimeOf(process.Id);
        var state = new ColourState(release.Version, releaseDirectory, port, process.Id, startedAt, ColourState.Starting, release.GitSha, log);
        return Task.FromResult<IStartingInstance>(
            new StartingProcess(process, colour, state, new Release(release.Version, releaseDirectory, release.GitSha), logOffset, options.StopGracePeriod, keeping));
    }

    public Task<string?> ProblemAsync(ColourState? state, CancellationToken cancellationToken) =>
        Task.FromResult(state is null || !OsProcess.IsAlive(state.Pid, state.ProcessStartedAt)
            ? $"its process (pid {state?.Pid}) is gone{LogTail(state)}"
            : null);

    /// <summary>A live recorded process is handed to the edge to keep running (again: an edge that restarted may have lost it).</summary>
    public async Task<InstanceCheck> CheckAsync(EdgeColour colour, ColourState state, bool active, CancellationToken cancellationToken)
    {
        if (!OsProcess.IsAlive(state.Pid, state.ProcessStartedAt))
        {
            return new InstanceCheck(null, $"forgot {colour.ToText()} ({state.Version}, pid {state.Pid}): it was not running");
        }

        await keeping.KeepAsync(colour, state.Pid!.Value, cancellationToken);
        return new InstanceCheck(state, null);
    }

    /// <summary>Taken back from the edge first, so that it does not start the stopped process again.</summary>
    public async Task<string> StopAsync(EdgeColour colour, ColourState state, CancellationToken cancellationToken)
    {
        if (state.Pid is not { } pid)
        {
            return "was not running";
        }

        if (!OsProcess.IsAlive(pid, state.ProcessStartedAt) && await keeping.KeptPidAsync(colour, cancellationToken) is { } successor && successor != pid)
        {
            // what was recorded died and the edge started it again: the new one is what runs the colour now
            await keeping.StopKeepingAsync(colour, successor, cancellationToken);
            return $"{await OsProcess.StopAsync(successor, null, options.StopGracePeriod, cancellationToken)} (pid {successor}, the edge's restart of pid {pid})";
        }

        await keeping.StopKeepingAsync(colour, pid, cancellationToken);
        return await OsProcess.StopAsync(pid, state.ProcessStartedAt, options.StopGracePeriod, cancellationToken);
    }

    /// <summary>
    /// The processes running a release copy of this environment, described from their command line and the
    /// environment they were started with (colour, version, port, commit, log).
    /// </summary>
    public Task<IReadOnlyList<RunningColour>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var found = new List<RunningColour>();
        var releases = Path.GetFullPath(folder.ReleasesDirectory).TrimEnd('/') + "/";
        foreach (var process in RunningProcess.WithArgumentUnder(folder.ReleasesDirectory))
        {
            var env = process.Environment;
            if (!EdgeColours.TryParse(env.GetValueOrDefault("PIPELINE_COLOUR"), out var colour)
                || !Uri.TryCreate(env.GetValueOrDefault("ASPNETCORE_URLS"), UriKind.Absolute, out var url)
                || OsProcess.StartTimeOf(process.Pid) is not { } startedAt)
            {
                continue;
            }

            var entry = process.Arguments.First(a => a.StartsWith(releases, StringComparison.Ordinal));
            var source = Path.Combine(releases, entry[releases.Length..].Split('/')[0]);
            found.Add(new RunningColour(colour.Value, new ColourState(
                env.GetValueOrDefault("PIPELINE_VERSION", "?"), source, url.Port, process.Pid, startedAt, ColourState.Active,
                env.GetValueOrDefault("PIPELINE_GIT_SHA") is { Length: > 0 } sha ? sha : null,
                env.GetValueOrDefault("PIPELINE_PROCESS_LOG"))));
        }

        return Task.FromResult<IReadOnlyList<RunningColour>>(found);
    }

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Removes the release copies no colour and no recent successful deploy needs.</summary>
    public void Tidy(EnvironmentState state) =>
        ReleaseCopies.Prune(folder, state, options.KeepReleases, logger);

    private static string LogTail(ColourState? state) =>
        state?.LogFile is { } log ? $"; last output: {Foundation.Processes.LogTail.Summary(log, Math.Max(0, new FileInfo(log).Length - 4096), 4)}" : "";

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
