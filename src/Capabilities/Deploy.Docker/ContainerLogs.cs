using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Deploy.Docker;

/// <summary>A container's recent output, for error messages and for the environment's logs/ folder.</summary>
internal static class ContainerLogs
{
    /// <summary>The last <paramref name="lines"/> lines of stdout and stderr (stderr last), or an empty list.</summary>
    public static async Task<IReadOnlyList<string>> TailAsync(DockerApi docker, string containerId, int lines, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Tail = lines.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            using var stream = await docker.CallAsync(c => c.Containers.GetContainerLogsAsync(containerId, parameters, cancellationToken));
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return [.. (stdout + "\n" + stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines)];
        }
        catch (DockerApiException)
        {
            return [];
        }
    }

    /// <summary>"line | line | line" of the last few lines, or "no output".</summary>
    public static async Task<string> SummaryAsync(DockerApi docker, string containerId, CancellationToken cancellationToken)
    {
        var tail = await TailAsync(docker, containerId, 4, cancellationToken);
        return tail.Count == 0 ? "no output" : string.Join(" | ", tail.Select(l => l.Length > 300 ? l[..300] + "…" : l));
    }

    /// <summary>Appends a leaving container's output to <paramref name="logFile"/>, as the Process platform's logs are kept.</summary>
    public static async Task SaveAsync(DockerApi docker, string containerId, string logFile, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await TailAsync(docker, containerId, 500, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            await File.AppendAllTextAsync(
                logFile,
                $"--- {DateTimeOffset.UtcNow:O} container {ShortId(containerId)} removed; its last {lines.Count} lines:\n" + string.Concat(lines.Select(l => l + "\n")),
                cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DeployException)
        {
            logger.LogDebug("Could not keep the logs of container {Id}: {Error}", ShortId(containerId), e.Message);
        }
    }

    /// <summary>The first 12 hex digits of a container or image id (without <c>sha256:</c>), or "(none)".</summary>
    public static string ShortId(string? id) =>
        id is null ? "(none)" : id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..Math.Min(19, id.Length)] : id[..Math.Min(12, id.Length)];
}
