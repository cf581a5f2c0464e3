using Docker.DotNet.Models;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Docker;

/// <summary>Down on the engine: what an environment created there, removed, except (when asked) its database's data.</summary>
internal sealed class DockerTeardown(DockerEnvironmentResources docker)
{
    /// <summary>
    /// Stops the edge, stops and removes every container of the environment (both colours, orphans and the database
    /// container), its network and its volumes — except, with <paramref name="keepDatabase"/>, the declared database
    /// volume and its password file. Forgets what ran (current.json); keeps the deployment records. Returns one line per
    /// thing removed.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownAsync(bool keepDatabase, TimeSpan stopGracePeriod, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        done.AddRange(await LocalEdge.StopAsync(docker.Folder, stopGracePeriod, cancellationToken));
        foreach (var container in await docker.Containers.ListAsync(role: null, cancellationToken))
        {
            await docker.Containers.RemoveAsync(container.ID, stopGracePeriod, cancellationToken);
            done.Add($"container {DockerContainers.NameOf(container)} ({DockerLabels.Of(container, DockerEnvironmentResources.VersionLabel) ?? container.Image}): removed");
        }

        if (await docker.Network.RemoveAsync(cancellationToken))
        {
            done.Add($"network {docker.NetworkName}: removed");
        }

        var volumes = await docker.Api.CallAsync(c => c.Volumes.ListAsync(new VolumesListParameters { Filters = docker.Labels.Filter(null) }, cancellationToken));
        foreach (var volume in volumes.Volumes ?? [])
        {
            if (keepDatabase && volume.Name == docker.DatabaseVolumeName)
            {
                done.Add($"volume {volume.Name}: kept (the database)");
                continue;
            }

            await docker.Api.CallAsync(c => c.Volumes.RemoveAsync(volume.Name, true, cancellationToken));
            done.Add($"volume {volume.Name}: removed");
        }

        if (!keepDatabase && File.Exists(docker.PasswordFile))
        {
            File.Delete(docker.PasswordFile);
            done.Add($"password file {docker.PasswordFile}: removed");
        }

        docker.Folder.WriteState(new EnvironmentState { Platform = DockerPlatform.PlatformName });
        return done;
    }
}
