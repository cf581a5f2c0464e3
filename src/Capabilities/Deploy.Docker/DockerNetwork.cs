using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Docker;

/// <summary>The environment's user-defined bridge network: its containers reach each other (the database) by name.</summary>
internal sealed class DockerNetwork(DockerApi api, string name, DockerLabels labels, ILogger logger)
{
    public string Name => name;

    /// <summary>Creates the network unless it exists. Throws <see cref="DockerUnavailableException"/> without an engine.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } };
        var existing = await api.CallAsync(c => c.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, cancellationToken));
        if (existing.Any(n => n.Name == name))
        {
            return;
        }

        try
        {
            await api.CallAsync(c => c.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                Labels = labels.For("network"),
            }, cancellationToken));
            logger.LogInformation("Created network {Network}", name);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // created concurrently: fine
        }
    }

    /// <summary>
    /// Removes the network; false when it never existed. A container detaching as it is removed keeps its endpoint for
    /// a moment ("network has active endpoints"): asked again until the endpoints are gone.
    /// </summary>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken)
    {
        var existed = true;
        var stillAttached = "";
        var gone = await Poll.TryUntilAsync(
            async ct =>
            {
                try
                {
                    await api.CallAsync(c => c.Networks.DeleteNetworkAsync(name, ct));
                    return true;
                }
                catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    existed = false;
                    return true;
                }
                catch (DockerApiException e) when (DockerApi.MessageOf(e).Contains("active endpoints", StringComparison.OrdinalIgnoreCase))
                {
                    stillAttached = DockerApi.MessageOf(e);
                    return false;
                }
            },
            PollSchedule.Every(TimeSpan.FromMilliseconds(200), DockerContainers.RemovalTimeout),
            cancellationToken);
        return gone
            ? existed
            : throw new DeployException(
                $"network {name} still has containers attached after {DockerContainers.RemovalTimeout.TotalSeconds:0} s ({stillAttached}): " +
                $"see `docker network inspect {name}`, remove what is attached, then run Down again");
    }
}
