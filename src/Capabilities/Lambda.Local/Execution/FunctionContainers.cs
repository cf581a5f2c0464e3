using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Pipeline.Images;
using Pipeline.Lambda.Local.Functions;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// The containers of execution environments on the Docker engine: on the host network (so the runtime reaches its
/// Runtime API on 127.0.0.1), labelled with this local Lambda's instance so they are found again after a restart or with
/// the state directory gone.
/// </summary>
internal sealed partial class FunctionContainers(DockerConnection docker, string instance, string region)
{
    public const string InstanceLabel = "pipeline.lambda-local.instance";
    public const string FunctionLabel = "pipeline.lambda-local.function";
    public const string VersionLabel = "pipeline.lambda-local.version";
    public const string KeyLabel = "pipeline.lambda-local.environment-key";
    public const string PortLabel = "pipeline.lambda-local.runtime-port";
    public const string EnvironmentLabel = "pipeline.lambda-local.environment";

    /// <summary>Creates and starts the container of one environment; returns its id.</summary>
    public async Task<string> StartAsync(string functionName, VersionConfig config, string environmentId, int runtimePort, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(config.Environment, StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{runtimePort.ToString(CultureInfo.InvariantCulture)}",
            ["AWS_LAMBDA_FUNCTION_NAME"] = functionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = config.Version,
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = config.MemorySize.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{functionName}",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTimeOffset.UtcNow:yyyy/MM/dd}/[{config.Version}]{environmentId}",
            ["AWS_REGION"] = region,
            ["AWS_DEFAULT_REGION"] = region,
            ["LAMBDA_TASK_ROOT"] = "/var/task",
            ["LAMBDA_RUNTIME_DIR"] = "/var/runtime",
            ["TZ"] = ":UTC",
        };
        var parameters = new CreateContainerParameters
        {
            Name = $"lambda-local-{instance[..8]}-{Sanitize(functionName)}-{(config.Version == "$LATEST" ? "latest" : config.Version)}-{environmentId}",
            Image = config.RunImage,
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = new Dictionary<string, string>
            {
                [InstanceLabel] = instance,
                [FunctionLabel] = functionName,
                [VersionLabel] = config.Version,
                [KeyLabel] = config.EnvironmentKey(),
                [PortLabel] = runtimePort.ToString(CultureInfo.InvariantCulture),
                [EnvironmentLabel] = environmentId,
            },
            HostConfig = new HostConfig
            {
                NetworkMode = "host",
                Memory = config.MemorySize * 1024L * 1024L,
                Init = true,
            },
        };
        if (config.EntryPoint is { Count: > 0 } entryPoint)
        {
            parameters.Entrypoint = entryPoint;
        }

        if (config.Command is { Count: > 0 } command)
        {
            parameters.Cmd = command;
        }

        if (!string.IsNullOrEmpty(config.WorkingDirectory))
        {
            parameters.WorkingDir = config.WorkingDirectory;
        }

        var created = await docker.CallAsync(c => c.Containers.CreateContainerAsync(parameters, cancellationToken));
        try
        {
            await docker.CallAsync(c => c.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
        }
        catch
        {
            await RemoveAsync(created.ID, CancellationToken.None);
            throw;
        }

        return created.ID;
    }

    /// <summary>This local Lambda's containers, running or not.</summary>
    public async Task<IList<ContainerListResponse>> ListAsync(CancellationToken cancellationToken) =>
        await docker.CallAsync(c => c.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{InstanceLabel}={instance}"] = true } },
            },
            cancellationToken));

    /// <summary>The exit code of a stopped container, or null when it is gone.</summary>
    public async Task<long?> ExitCodeAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await docker.CallAsync(c => c.Containers.InspectContainerAsync(id, cancellationToken));
            return inspected.State?.ExitCode;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes every container of this instance, found by label (also when no server or state directory is left).</summary>
    public async Task RemoveAllAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await ListAsync(cancellationToken))
        {
            await RemoveAsync(container.ID, cancellationToken);
        }
    }

    /// <summary>Removes a container at once (SIGKILL), whatever its state; a missing one is fine.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await docker.CallAsync(c => c.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken));
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // gone, or being removed
        }
    }

    private static string Sanitize(string name) => NameSanitizer().Replace(name, "-");

    [GeneratedRegex("[^a-zA-Z0-9_.-]")]
    private static partial Regex NameSanitizer();
}
