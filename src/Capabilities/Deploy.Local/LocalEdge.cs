using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Local;

/// <summary>
/// The edge proxy process of a <see cref="LocalEnvironmentFolder"/>, as the local platforms see it: connect (starting it when
/// nothing runs), and stop it on Down. It outlives the build; its state lives in <see cref="LocalEnvironmentFolder.EdgeDirectory"/>.
/// </summary>
public static class LocalEdge
{
    /// <summary>
    /// A client of the environment's edge, started detached when none runs. Throws <see cref="DeployException"/> when
    /// an edge runs but its control API does not answer, or when it cannot start (e.g. its port is taken).
    /// </summary>
    public static async Task<EdgeClient> ConnectAsync(LocalEnvironmentFolder folder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            return await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
        }
        catch (EdgeUnreachableException e)
        {
            if (await RestartedAsync(folder, cancellationToken) is { } restarted)
            {
                return restarted;
            }

            if (ReadInfo(folder) is { } info && OsProcess.IsAlive(info.Pid, null))
            {
                throw new DeployException(
                    $"the edge of environment '{folder.Name}' (pid {info.Pid}) is running but its control API does not answer ({e.Message}); " +
                    $"see {Path.Combine(folder.EdgeDirectory, EdgeInfo.LogFileName)}", e)
                { Remedy = DeployRemedy.TakeDown };
            }

            try
            {
                return await EdgeProcess.StartSupervisedAsync(
                    folder.EdgeDirectory, new EdgePorts(folder.EdgePorts.Public, folder.EdgePorts.Test), logger, cancellationToken);
            }
            catch (EdgeException start) when (start is not EdgeUnreachableException)
            {
                throw new DeployException($"environment '{folder.Name}': {start.Message}", start) { Remedy = RemedyOf(start) };
            }
        }
    }

    /// <summary>
    /// Down: shuts the edge down (killing it after <paramref name="grace"/> when it does not answer or does not exit).
    /// Returns one line for Down's report, or none when no edge ran.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StopAsync(LocalEnvironmentFolder folder, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            using var client = await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
            var pid = client.Info.Pid;
            await client.ShutdownAsync(cancellationToken);
            var how = await OsProcess.StopAsync(pid, null, grace, cancellationToken);
            return [$"edge (pid {pid}): {(how == "was not running" ? "stopped" : how)}"];
        }
        catch (EdgeUnreachableException)
        {
            var done = new List<string>();
            if (ReadInfo(folder) is { SupervisorPid: { } supervisor } && OsProcess.IsAlive(supervisor, null))
            {
                // first, so that it does not start the edge again
                done.Add($"edge supervisor (pid {supervisor}): {await OsProcess.StopAsync(supervisor, null, grace, cancellationToken)}");
            }

            if (ReadInfo(folder) is { } info && OsProcess.IsAlive(info.Pid, null))
            {
                var how = await OsProcess.StopAsync(info.Pid, null, grace, cancellationToken);
                done.Add($"edge (pid {info.Pid}, not answering): {how}");
            }

            return done;
        }
    }

    /// <summary>
    /// The edge its supervisor is starting again (it was killed a moment ago), once it answers; null when the supervisor
    /// is gone too, or no edge answers within 20 s.
    /// </summary>
    internal static async Task<EdgeClient?> RestartedAsync(LocalEnvironmentFolder folder, CancellationToken cancellationToken)
    {
        if (!(ReadInfo(folder) is { SupervisorPid: { } supervisor } && OsProcess.IsAlive(supervisor, null)))
        {
            return null;
        }

        EdgeClient? client = null;
        await Poll.TryUntilAsync(
            async ct =>
            {
                try
                {
                    client = await EdgeClient.ConnectAsync(folder.EdgeDirectory, ct);
                    return true;
                }
                catch (EdgeUnreachableException)
                {
                    return !(ReadInfo(folder) is { SupervisorPid: { } supervisor } && OsProcess.IsAlive(supervisor, null));
                }
            },
            PollSchedule.Every(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20)),
            cancellationToken);
        return client;
    }

    /// <summary>The deploy remedy of an edge failure: a reset is taking the environment down.</summary>
    public static DeployRemedy RemedyOf(EdgeException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Remedy switch
        {
            EdgeRemedy.Reset => DeployRemedy.TakeDown,
            EdgeRemedy.Start => DeployRemedy.Deploy,
            _ => DeployRemedy.None,
        };
    }

    private static EdgeInfo? ReadInfo(LocalEnvironmentFolder folder)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(folder.EdgeDirectory, EdgeInfo.FileName));
            return JsonSerializer.Deserialize<EdgeInfo>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
