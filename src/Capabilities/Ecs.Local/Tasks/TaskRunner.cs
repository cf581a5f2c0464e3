using System.Globalization;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Ecs.Local.State;
using Pipeline.Images;
using TaskState = Pipeline.Ecs.Local.State.TaskState;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>
/// Runs tasks as Docker containers (one per container definition, ports published on 127.0.0.1) and keeps each task's
/// ECS status in step with its containers. Containers carry labels naming this local ECS and their task, so a restarted
/// server finds them again.
/// </summary>
internal sealed partial class TaskRunner(EcsStore store, DockerConnection docker, EcsLocalOptions options, string instance, TaskLogs logs, ILogger logger)
{
    public const string InstanceLabel = "pipeline.ecs-local.instance";
    public const string TaskLabel = "pipeline.ecs-local.task";
    public const string ContainerLabel = "pipeline.ecs-local.container";

    /// <summary>Pulls, creates and starts the containers of a task already in the store (PROVISIONING); failures stop it as ECS does.</summary>
    public async Task LaunchAsync(string taskArn, IReadOnlyList<ContainerDefinition> definitions, TaskOverride? overrides, CancellationToken cancellationToken)
    {
        var task = store.Read(d => d.Tasks[taskArn]);
        store.Write(_ =>
        {
            task.LastStatus = "PENDING";
            task.PullStartedAt = DateTimeOffset.UtcNow;
            task.Version++;
        });
        foreach (var definition in definitions)
        {
            try
            {
                await EnsureImageAsync(definition.Image!, cancellationToken);
            }
            catch (Exception e) when (e is DockerApiException or EcsLocalException or TimeoutException or HttpRequestException)
            {
                var reason = $"CannotPullContainerError: pull image manifest has been retried 1 time(s): {Message(e)}";
                Stopped(task, "TaskFailedToStart", reason, definition.Name, reason);
                return;
            }
        }

        store.Write(_ => task.PullStoppedAt = DateTimeOffset.UtcNow);
        try
        {
            foreach (var definition in definitions)
            {
                if (store.Read(_ => task.DesiredStatus) == "STOPPED")
                {
                    break;
                }

                var container = store.Read(_ => task.Containers.First(c => c.Name == definition.Name));
                var created = await docker.CallAsync(c => c.Containers.CreateContainerAsync(
                    CreateParameters(task, definition, overrides?.ContainerOverrides?.FirstOrDefault(o => o.Name == definition.Name)), cancellationToken));
                store.Write(_ => container.DockerId = created.ID);
                if (logs.Prepare(container, created.ID) is { } logFailure)
                {
                    await StopContainersAsync(task, CancellationToken.None);
                    Stopped(task, "TaskFailedToStart", logFailure, definition.Name, logFailure);
                    return;
                }

                await docker.CallAsync(c => c.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken));
                var inspected = await docker.CallAsync(c => c.Containers.InspectContainerAsync(created.ID, cancellationToken));
                store.Write(_ =>
                {
                    container.NetworkBindings = BindingsOf(inspected);
                    container.ImageDigest ??= inspected.Image;
                    container.LastStatus = "RUNNING";
                });
            }
        }
        catch (DockerApiException e)
        {
            var reason = $"CannotStartContainerError: {DockerConnection.MessageOf(e)}";
            await StopContainersAsync(task, CancellationToken.None);
            Stopped(task, "TaskFailedToStart", reason, null, reason);
            return;
        }

        store.Write(_ =>
        {
            if (task.DesiredStatus == "RUNNING")
            {
                task.LastStatus = "RUNNING";
                task.StartedAt = DateTimeOffset.UtcNow;
                task.Version++;
            }
        });
        logger.LogInformation("Task {Task} running ({Group})", task.Id, task.Group);
    }

    /// <summary>Stops a task: its containers get SIGTERM, then SIGKILL after their stop timeout, and are removed.</summary>
    public async Task StopAsync(string taskArn, string stopCode, string reason, CancellationToken cancellationToken)
    {
        var task = store.Read(d => d.Tasks.GetValueOrDefault(taskArn));
        if (task is null || task.IsStopped)
        {
            return;
        }

        var first = store.Write(_ =>
        {
            if (task.DesiredStatus == "STOPPED")
            {
                return false;
            }

            task.DesiredStatus = "STOPPED";
            task.StopCode = stopCode;
            task.StoppedReason = reason;
            task.StoppingAt = DateTimeOffset.UtcNow;
            task.LastStatus = "DEPROVISIONING";
            task.Version++;
            return true;
        });
        if (!first)
        {
            return;
        }

        await StopContainersAsync(task, cancellationToken);
        Stopped(task, stopCode, reason, null, null);
    }

    /// <summary>Reads the containers of running tasks from the engine: exits, health, and stops tasks whose essential container exited.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var running = store.Read(d => d.Tasks.Values.Where(t => t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING").ToList());
        foreach (var task in running)
        {
            string? exited = null;
            int? exitCode = null;
            foreach (var container in store.Read(_ => task.Containers.ToList()))
            {
                if (container.DockerId is null)
                {
                    continue;
                }

                ContainerInspectResponse? inspected;
                try
                {
                    inspected = await docker.CallAsync(c => c.Containers.InspectContainerAsync(container.DockerId, cancellationToken));
                }
                catch (DockerContainerNotFoundException)
                {
                    inspected = null;
                }

                if (inspected?.State is not { Running: true })
                {
                    store.Write(_ =>
                    {
                        container.LastStatus = "STOPPED";
                        container.ExitCode = inspected?.State is { } s ? (int)s.ExitCode : null;
                        container.Reason ??= inspected is null ? "container removed from the Docker engine" : inspected.State?.OOMKilled == true ? "OutOfMemoryError: Container killed due to memory usage" : null;
                    });
                }
                else
                {
                    var health = inspected.State.Health?.Status switch
                    {
                        "healthy" => "HEALTHY",
                        "unhealthy" => "UNHEALTHY",
                        _ => "UNKNOWN",
                    };
                    if (store.Read(_ => container.HealthStatus) != health)
                    {
                        store.Write(_ => container.HealthStatus = health);
                    }
                }
                if (container.LastStatus == "STOPPED" && container.Essential && exited is null)
                {
                    exited = container.Name;
                    exitCode = container.ExitCode;
                }
            }

            if (store.Read(_ => task.HealthStatus != HealthOf(task)))
            {
                store.Write(_ => task.HealthStatus = HealthOf(task));
            }

            if (exited is not null)
            {
                logger.LogInformation("Task {Task}: essential container {Container} exited with code {Code}", task.Id, exited, exitCode);
                await StopAsync(task.Arn, "EssentialContainerExited", $"Essential container in task exited", cancellationToken);
            }
        }
    }

    /// <summary>Containers of this local ECS on the engine, by task ARN (for a restarted server).</summary>
    public async Task<ILookup<string, ContainerListResponse>> ListOwnContainersAsync(CancellationToken cancellationToken)
    {
        var containers = await docker.CallAsync(c => c.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{InstanceLabel}={instance}"] = true } },
            },
            cancellationToken));
        return containers.ToLookup(c => c.Labels.TryGetValue(TaskLabel, out var arn) ? arn : "", StringComparer.Ordinal);
    }

    /// <summary>Removes a container by id, whatever its state; a missing one is fine.</summary>
    public async Task RemoveContainerAsync(string id, CancellationToken cancellationToken)
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

    private static string HealthOf(TaskState task)
    {
        var checkedContainers = task.Containers.Where(c => c.Essential && c.HasHealthCheck).ToList();
        if (checkedContainers.Any(c => c.HealthStatus == "UNHEALTHY"))
        {
            return "UNHEALTHY";
        }

        return checkedContainers.Count > 0 && checkedContainers.All(c => c.HealthStatus == "HEALTHY") ? "HEALTHY" : "UNKNOWN";
    }

    private async Task StopContainersAsync(TaskState task, CancellationToken cancellationToken)
    {
        foreach (var container in store.Read(_ => task.Containers.ToList()))
        {
            if (container.DockerId is not { } id)
            {
                continue;
            }

            try
            {
                await docker.CallAsync(c => c.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken));
                var inspected = await docker.CallAsync(c => c.Containers.InspectContainerAsync(id, cancellationToken));
                store.Write(_ => container.ExitCode ??= (int?)inspected.State?.ExitCode);
            }
            catch (DockerApiException)
            {
                // already gone: nothing to stop
            }

            // The awslogs driver's part: what the container wrote outlives it in its log stream.
            await logs.KeepAsync(container, cancellationToken);

            await RemoveContainerAsync(id, cancellationToken);
            store.Write(_ => container.LastStatus = "STOPPED");
        }
    }

    private void Stopped(TaskState task, string stopCode, string reason, string? containerName, string? containerReason) =>
        store.Write(_ =>
        {
            var now = DateTimeOffset.UtcNow;
            task.DesiredStatus = "STOPPED";
            task.StopCode ??= stopCode;
            task.StoppedReason ??= reason;
            task.StoppingAt ??= now;
            task.ExecutionStoppedAt = now;
            task.StoppedAt = now;
            task.LastStatus = "STOPPED";
            task.Version++;
            foreach (var container in task.Containers)
            {
                container.LastStatus = "STOPPED";
                if (containerName is null || container.Name == containerName)
                {
                    container.Reason ??= containerReason;
                }
            }
        });

    private async Task EnsureImageAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.CallAsync(c => c.Images.InspectImageAsync(image, cancellationToken));
            return;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            // pull it below
        }

        if (!ImageReference.TryParse(image, out var reference))
        {
            throw new EcsLocalException($"'{image}' is not an image reference");
        }

        var credential = options.Registries.FirstOrDefault(r => string.Equals(r.Host, reference.RegistryHost, StringComparison.OrdinalIgnoreCase));
        var auth = credential is null ? new AuthConfig() : new AuthConfig { Username = credential.Username, Password = credential.Password, ServerAddress = credential.Host };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(5));
        string? error = null;
        await docker.CallAsync(c => c.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = reference.Name, Tag = reference.Digest ?? reference.Tag ?? "latest" },
            auth,
            new Progress<JSONMessage>(m => error ??= m.Error?.Message),
            limit.Token));
        if (error is not null)
        {
            throw new EcsLocalException($"{image}: {error}");
        }
    }

    private CreateContainerParameters CreateParameters(TaskState task, ContainerDefinition definition, ContainerOverride? containerOverride)
    {
        var env = (definition.Environment ?? []).Where(e => e.Name is not null).ToDictionary(e => e.Name!, e => e.Value ?? "", StringComparer.Ordinal);
        foreach (var e in containerOverride?.Environment ?? [])
        {
            if (e.Name is not null)
            {
                env[e.Name] = e.Value ?? "";
            }
        }

        var ports = (definition.PortMappings ?? []).Where(p => p.ContainerPort is not null).ToList();
        var health = definition.HealthCheck is { Command: [_, ..] command } check
            ? new HealthcheckConfig
            {
                Test = command,
                Interval = TimeSpan.FromSeconds(check.Interval ?? 30),
                Timeout = TimeSpan.FromSeconds(check.Timeout ?? 5),
                Retries = check.Retries ?? 3,
                StartPeriod = TimeSpan.FromSeconds(check.StartPeriod ?? 0),
            }
            : null;
        return new CreateContainerParameters
        {
            Name = ContainerName(task, definition.Name!),
            Image = definition.Image!,
            Cmd = containerOverride?.Command ?? definition.Command!,
            Entrypoint = definition.EntryPoint!,
            WorkingDir = definition.WorkingDirectory!,
            User = definition.User!,
            Env = [.. env.Select(kv => $"{kv.Key}={kv.Value}")],
            Labels = new Dictionary<string, string>
            {
                [InstanceLabel] = instance,
                [TaskLabel] = task.Arn,
                [ContainerLabel] = definition.Name!,
            },
            ExposedPorts = ports.ToDictionary(p => Key(p), _ => default(EmptyStruct)),
            Healthcheck = health,
            StopTimeout = TimeSpan.FromSeconds(definition.StopTimeout ?? 10),
            HostConfig = new HostConfig
            {
                PortBindings = ports.ToDictionary(
                    p => Key(p),
                    p => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = p.HostPort is > 0 and var h ? h.ToString(CultureInfo.InvariantCulture) : "" }]),
                Memory = definition.Memory is { } mb ? mb * 1024L * 1024L : 0,
                Init = true,
                Mounts = [.. definition.Mounts.Select(m => new Mount { Type = m.Type, Source = m.Source, Target = m.Target, ReadOnly = m.ReadOnly })],
            },
        };

        static string Key(PortMapping p) => $"{p.ContainerPort!.Value.ToString(CultureInfo.InvariantCulture)}/{p.Protocol ?? "tcp"}";
    }

    private string ContainerName(TaskState task, string container) =>
        $"ecs-local-{instance[..8]}-{task.Id[..12]}-{NameSanitizer().Replace(container, "-")}";

    private static List<PortBindingState> BindingsOf(ContainerInspectResponse inspected) =>
        [.. (inspected.NetworkSettings?.Ports ?? new Dictionary<string, IList<PortBinding>>())
            .Where(p => p.Value is { Count: > 0 })
            .Select(p => new PortBindingState(
                int.Parse(p.Key.Split('/')[0], CultureInfo.InvariantCulture),
                int.Parse(p.Value[0].HostPort, CultureInfo.InvariantCulture),
                p.Key.Split('/') is [_, var proto] ? proto : "tcp"))];

    private static string Message(Exception e) => e is DockerApiException api ? DockerConnection.MessageOf(api) : e.Message;

    [GeneratedRegex("[^a-zA-Z0-9_.-]")]
    private static partial Regex NameSanitizer();
}
