using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Components.Rehearsal;

/// <summary>
/// An image registry on 127.0.0.1 for rehearsals on the local ECS: the Docker distribution registry (Debian's
/// <c>docker-registry</c>, without authentication, storage in the state directory) started detached in its own session
/// so it outlives the build, reused while it answers. The Docker engine treats loopback registries as insecure, so the
/// push and the local ECS's pull go over plain HTTP without daemon configuration.
/// </summary>
public static class LocalRegistry
{
    public const string Binary = "docker-registry";

    /// <summary>Starts the registry unless one answers on <paramref name="port"/>; returns its host (<c>127.0.0.1:port</c>).</summary>
    public static async Task<string> EnsureAsync(string stateDirectory, int port, CancellationToken cancellationToken)
    {
        var host = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        if (await AnswersAsync(host, cancellationToken))
        {
            return host;
        }

        var binary = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, Binary)).FirstOrDefault(File.Exists)
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
        var start = new ProcessStartInfo("/usr/bin/setsid") { UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in new[] { "/bin/sh", "-c", "exec \"$@\" </dev/null >>\"$PIPELINE_REGISTRY_LOG_FILE\" 2>&1", "registry", binary, "serve", config })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PIPELINE_REGISTRY_LOG_FILE"] = log; // not REGISTRY_*: the registry reads those as configuration
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var clock = Stopwatch.StartNew();
        while (!await AnswersAsync(host, cancellationToken))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"the local registry did not answer on {host} within 30 s (log {log})");
            }

            await Task.Delay(200, cancellationToken);
        }

        return host;
    }

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
