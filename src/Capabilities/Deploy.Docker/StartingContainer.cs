using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// A colour's container just started: it fails for good when it exits or its container health check says unhealthy
/// before it is ready; once ready, the engine restarts it when its process dies.
/// </summary>
internal sealed class StartingContainer(DockerEnvironmentResources docker, ColourState state, Release runs, string name, string logFile, ILogger logger)
    : IStartingInstance
{
    public ColourState State => state;

    public Release Runs => runs;

    public string Label => $" (container {name})";

    public async Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        var container = await docker.Containers.InspectAsync(state.ContainerId!, cancellationToken);
        if (container.State is not { Running: true })
        {
            return $"exited with code {container.State?.ExitCode}{(container.State?.OOMKilled == true ? " (out of memory)" : "")} before it was ready: " +
                   $"{await LastOutputAsync(cancellationToken)} (log {logFile})";
        }

        return container.State.Health is { Status: "unhealthy" } health
            ? $"failed its container health check: {HealthOutput(health)}; last output: {await LastOutputAsync(cancellationToken)}"
            : null;
    }

    public Task<string> LastOutputAsync(CancellationToken cancellationToken) => ContainerLogs.SummaryAsync(docker.Api, state.ContainerId!, cancellationToken);

    /// <summary>
    /// From now on the engine restarts it when its process dies (a crash, an OOM kill), on the same host port, so the
    /// edge's route stays right. Not before: a start that fails must show as never healthy.
    /// </summary>
    public Task ReadyAsync(CancellationToken cancellationToken) =>
        docker.Api.CallAsync(c => c.Containers.UpdateContainerAsync(
            state.ContainerId!, new ContainerUpdateParameters { RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } }, cancellationToken));

    public async Task AbandonAsync(CancellationToken cancellationToken)
    {
        await ContainerLogs.SaveAsync(docker.Api, state.ContainerId!, logFile, logger, cancellationToken);
        await docker.Containers.RemoveAsync(state.ContainerId!, TimeSpan.Zero, cancellationToken);
    }

    public void Dispose()
    {
        // the engine holds the container; nothing to release here
    }

    /// <summary>The health check's last output, for a human.</summary>
    public static string HealthOutput(Health health) =>
        health.Log is { Count: > 0 } log ? $"{log[^1].Output?.Trim().ReplaceLineEndings(" ")} (exit {log[^1].ExitCode}, {health.FailingStreak} in a row)" : "no output";
}
