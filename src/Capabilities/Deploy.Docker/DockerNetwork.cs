using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

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

    /// <summary>Removes the network; false when it never existed.</summary>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await api.CallAsync(c => c.Networks.DeleteNetworkAsync(name, cancellationToken));
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
