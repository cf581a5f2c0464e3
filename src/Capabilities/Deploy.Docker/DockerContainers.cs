using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// The containers of one environment on the engine: listed by its labels, inspected, started (a taken port said in one
/// line) and removed gracefully.
/// </summary>
internal sealed class DockerContainers(DockerApi api, DockerLabels labels)
{
    /// <summary>Containers of this environment (running or not), of one role ("app", "database") or all.</summary>
    public async Task<IList<ContainerListResponse>> ListAsync(string? role, CancellationToken cancellationToken) =>
        await api.CallAsync(c => c.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = labels.Filter(role) }, cancellationToken));

    public async Task<ContainerInspectResponse?> TryInspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            return await api.CallAsync(c => c.Containers.InspectContainerAsync(idOrName, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ContainerInspectResponse> InspectAsync(string idOrName, CancellationToken cancellationToken) =>
        await TryInspectAsync(idOrName, cancellationToken)
        ?? throw new DeployException($"container {idOrName} disappeared from the Docker engine at {api.Endpoint}") { Remedy = DeployRemedy.Deploy };

    /// <summary>Starts a created container, turning a taken host port into one line.</summary>
    public async Task StartAsync(string id, string name, int hostPort, CancellationToken cancellationToken)
    {
        try
        {
            await api.CallAsync(c => c.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken));
        }
        catch (DockerApiException e)
        {
            var message = DockerApi.MessageOf(e);
            if (message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                || message.Contains("port is already allocated", StringComparison.OrdinalIgnoreCase))
            {
                throw new DeployException(
                    $"container {name} cannot start: port 127.0.0.1:{(hostPort == 0 ? "(random)" : hostPort.ToString(CultureInfo.InvariantCulture))} is in use ({message}); " +
                    "stop what listens there or choose another port", e);
            }

            throw new DeployException($"the Docker engine refused to start container {name}: {message}", e);
        }
    }

    /// <summary>Stops (SIGTERM, then kill after the grace period) and removes a container; a missing one is fine.</summary>
    public async Task RemoveAsync(string id, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await api.CallAsync(c => c.Containers.StopContainerAsync(
                id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        try
        {
            await api.CallAsync(c => c.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken));
        }
        catch (DockerContainerNotFoundException)
        {
            // removed meanwhile
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // removed meanwhile, or removal already in progress (an auto-removed one-off container, a concurrent Down):
            // what comes next (the network's removal) needs it gone, not going.
            await Poll.TryUntilAsync(
                async ct => await TryInspectAsync(id, ct) is null, PollSchedule.Every(TimeSpan.FromMilliseconds(100), RemovalTimeout), cancellationToken);
        }
    }

    /// <summary>How long a removal already in progress (or a network's detaching endpoints) is waited for.</summary>
    public static readonly TimeSpan RemovalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The host port published for <paramref name="containerPort"/>/tcp, or null.</summary>
    public static int? HostPortOf(ContainerInspectResponse container, int containerPort)
    {
        var key = $"{containerPort.ToString(CultureInfo.InvariantCulture)}/tcp";
        return container.NetworkSettings?.Ports is { } ports && ports.TryGetValue(key, out var bindings) && bindings is { Count: > 0 }
            && int.TryParse(bindings[0].HostPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : null;
    }

    /// <summary>Publishes <paramref name="containerPort"/> on 127.0.0.1 only (host port 0 = any free one).</summary>
    public static Dictionary<string, IList<PortBinding>> PortBinding(int containerPort, int hostPort) => new()
    {
        [$"{containerPort.ToString(CultureInfo.InvariantCulture)}/tcp"] =
        [
            new PortBinding { HostIP = "127.0.0.1", HostPort = hostPort == 0 ? "" : hostPort.ToString(CultureInfo.InvariantCulture) },
        ],
    };

    /// <summary>The container's name as listed, without its slash (its short id when it has none).</summary>
    public static string NameOf(ContainerListResponse container) => container.Names.FirstOrDefault()?.TrimStart('/') ?? container.ID[..Math.Min(12, container.ID.Length)];
}
