using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The Process platform's supervisor is the environment's edge: the one long-lived process that already routes to the
/// colours. A ready instance is handed to it (it starts the process again when it dies); one about to stop is taken back
/// first, so the edge does not start it again. An edge that does not answer keeps nothing: Status says so.
/// </summary>
internal sealed class EdgeKeeping(LocalEnvironmentFolder folder, ILogger logger)
{
    public async Task KeepAsync(EdgeColour colour, int pid, CancellationToken cancellationToken)
    {
        try
        {
            using var edge = await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
            await edge.KeepRunningAsync(colour, pid, cancellationToken);
        }
        catch (EdgeException e)
        {
            logger.LogWarning("The edge does not keep {Colour} (pid {Pid}) running: {Error}", colour.ToText(), pid, e.Message);
        }
    }

    /// <summary>The pid the edge keeps running as <paramref name="colour"/>'s, or null (none, or no edge answers).</summary>
    public async Task<int?> KeptPidAsync(EdgeColour colour, CancellationToken cancellationToken)
    {
        try
        {
            using var edge = await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
            return (await edge.GetStateAsync(cancellationToken)).Kept?.FirstOrDefault(k => k.Colour == colour)?.Pid;
        }
        catch (EdgeException)
        {
            return null;
        }
    }

    public async Task StopKeepingAsync(EdgeColour colour, int pid, CancellationToken cancellationToken)
    {
        try
        {
            using var edge = await EdgeClient.ConnectAsync(folder.EdgeDirectory, cancellationToken);
            await edge.StopKeepingAsync(colour, pid, cancellationToken);
        }
        catch (EdgeException e)
        {
            logger.LogDebug("The edge was not asked to stop keeping {Colour} (pid {Pid}): {Error}", colour.ToText(), pid, e.Message);
        }
    }
}
