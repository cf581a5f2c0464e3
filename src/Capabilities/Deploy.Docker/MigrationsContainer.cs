using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Deploy.Docker;

/// <summary>
/// A deploy's migrations command (<c>alembic upgrade head</c>) run from the release's image as a one-off container on
/// the environment's network, with the environment's variables and its database's connection string.
/// </summary>
internal sealed class MigrationsContainer(DockerEnvironmentResources docker, ContainerInstances instances, DockerPlatformOptions options, ILogger logger)
{
    private const string Role = "migrations";

    /// <summary>
    /// Runs <paramref name="command"/> and waits for it to exit. Its output goes to the log; a non-zero exit throws a
    /// <see cref="DeployException"/> with the command's last line, its own error.
    /// </summary>
    public async Task RunAsync(Release release, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var (imageId, _) = await ReleaseImage.ResolveAsync(docker, release, cancellationToken);
        await docker.Network.EnsureAsync(cancellationToken);
        var connection = await instances.EnsureDatabaseAsync(cancellationToken);
        var env = new Dictionary<string, string>();
        if (connection is not null)
        {
            env[options.Database!.ConnectionStringVariable] = connection.NetworkConnectionString;
        }

        foreach (var (key, value) in options.Environment.Concat(release.Environment))
        {
            env[key] = value;
        }

        var name = $"{docker.Prefix}-{Role}";
        if (await docker.Containers.TryInspectAsync(name, cancellationToken) is { } stale)
        {
            await docker.Containers.RemoveAsync(stale.ID, TimeSpan.Zero, cancellationToken);
        }

        var created = await docker.Api.CallAsync(c => c.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = imageId,
            Cmd = [.. command],
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = docker.Labels.For(Role, version: release.Version),
            HostConfig = new HostConfig
            {
                Memory = options.MemoryBytes,
                MemorySwap = options.MemoryBytes,
                NanoCPUs = (long)(options.Cpus * 1_000_000_000),
                NetworkMode = docker.NetworkName,
                Init = true,
            },
        }, cancellationToken));
        var shown = string.Join(' ', command);
        try
        {
            await docker.Api.CallAsync(c => c.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
            var exited = await docker.Api.CallAsync(c => c.Containers.WaitContainerAsync(created.ID, cancellationToken));
            var output = await ContainerLogs.TailAsync(docker.Api, created.ID, 200, CancellationToken.None);
            foreach (var line in output)
            {
                logger.LogInformation("  {Command}: {Line}", command[0], line);
            }

            if (exited.StatusCode != 0)
            {
                throw new DeployException(
                    $"'{shown}' (from {ContainerLogs.ShortId(imageId)}) exited with code {exited.StatusCode}: {(output.Count > 0 ? output[^1] : "no output")}");
            }

            logger.LogInformation("'{Command}' from {Image} exited 0", shown, ContainerLogs.ShortId(imageId));
        }
        finally
        {
            await docker.Containers.RemoveAsync(created.ID, TimeSpan.Zero, CancellationToken.None);
        }
    }
}
