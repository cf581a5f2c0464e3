using System.Globalization;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Components.Rehearsal;

/// <summary>
/// An image registry on 127.0.0.1 for rehearsals on the local ECS: the Docker distribution registry (Debian's
/// <c>docker-registry</c>, without authentication, storage in the state directory) started detached so it outlives the
/// build, reused while it answers, stopped by <see cref="StopAsync"/> (<c>LocalEcsDown</c>). The Docker engine treats
/// loopback registries as insecure, so the push and the local ECS's pull go over plain HTTP without daemon configuration.
/// </summary>
public static class LocalRegistry
{
    public const string Binary = "docker-registry";

    private const string PidFile = "registry.pid";

    /// <summary>Starts the registry unless one answers on <paramref name="port"/>; returns its host (<c>127.0.0.1:port</c>).</summary>
    public static Task<string> EnsureAsync(string stateDirectory, int port, CancellationToken cancellationToken) =>
        EnsureAsync(stateDirectory, port, Environment.GetEnvironmentVariable("PATH"), cancellationToken);

    /// <summary>
    /// As <see cref="EnsureAsync(string, int, CancellationToken)"/>, looking for the registry binary in the directories
    /// of <paramref name="searchPath"/> instead of PATH's.
    /// </summary>
    internal static async Task<string> EnsureAsync(string stateDirectory, int port, string? searchPath, CancellationToken cancellationToken)
    {
        var host = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        if (await AnswersAsync(host, cancellationToken))
        {
            return host;
        }

        var binary = (searchPath ?? "").Split(':').Select(d => Path.Combine(d, Binary)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"no image registry answers on {host} and {Binary} is not installed: apt-get install docker-registry (or run one on {host})");
        var directory = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(Path.Combine(directory, "storage"));
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "storage")}
              delete:
                enabled: true
            http:
              addr: {host}
            """, cancellationToken);
        var log = Path.Combine(directory, "registry.log");
        var logStart = LogTail.End(log);
        using var process = DetachedProcess.Start([binary, "serve", config], directory, log);
        await File.WriteAllTextAsync(Path.Combine(directory, PidFile), process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var ready = await Poll.TryUntilAsync(
            ct => process.HasExited ? Task.FromResult(true) : AnswersAsync(host, ct),
            PollSchedule.Every(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)),
            cancellationToken);
        if (!ready || process.HasExited)
        {
            throw new InvalidOperationException(
                $"the local registry did not answer on {host} within 30 s: {LogTail.Summary(log, logStart, 5)} (log {log})");
        }

        return host;
    }

    /// <summary>
    /// Stops the registry <see cref="EnsureAsync(string, int, CancellationToken)"/> started from <paramref name="stateDirectory"/>
    /// (its images stay), found by its pid file or, when that is gone, by its command line (<c>docker-registry serve
    /// &lt;dir&gt;/config.yml</c>); false when none ran.
    /// </summary>
    public static async Task<bool> StopAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(stateDirectory);
        var pidFile = Path.Combine(directory, PidFile);
        var pids = RunningProcesses.Matching(a => IsRegistryOf(a, directory)).ToHashSet();
        if (File.Exists(pidFile)
            && int.TryParse(await File.ReadAllTextAsync(pidFile, cancellationToken), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && RunningProcesses.CommandLineOf(pid) is { } arguments
            && arguments.Any(part => Path.GetFileName(part) == Binary))
        {
            pids.Add(pid);
        }

        var stopped = false;
        foreach (var running in pids)
        {
            stopped |= await RunningProcesses.StopAsync(running, TimeSpan.FromSeconds(10), cancellationToken);
        }

        if (File.Exists(pidFile))
        {
            File.Delete(pidFile); // its folder may be gone too (the local ECS's state reset)
        }

        return stopped;
    }

    /// <summary>The registry binary serving this directory's config: a pid file outlives reboots and pid reuse, so its pid must run the binary too.</summary>
    private static bool IsRegistryOf(IReadOnlyList<string> arguments, string directory) =>
        arguments.Count >= 3 && Path.GetFileName(arguments[0]) == Binary && arguments[1] == "serve" && arguments[2] == Path.Combine(directory, "config.yml");

    private static async Task<bool> AnswersAsync(string host, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://{host}/v2/"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
