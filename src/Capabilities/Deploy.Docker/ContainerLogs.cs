using Docker.DotNet;
using Docker.DotNet.Models;

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
}
