using System.Globalization;
using Docker.DotNet.Models;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Ecs.Local.Hosting;
using Pipeline.Ecs.Local.Tasks;
using Pipeline.Images;

namespace Pipeline.Ecs.Local;

// API summary (what a build target calls):
//   var ecs = await LocalEcs.StartDetachedAsync(new EcsLocalOptions { Port = 4599, StateDirectory = ".ecs-local", AccessKey = "…", SecretKey = "…" }, ct);
//   ecs.Endpoint  -> http://127.0.0.1:4599/   (aws --endpoint-url, AWS_ENDPOINT_URL_ECS)
//   await LocalEcs.StopAsync(stateDirectory, down: true, ct)   (down: also stop every task and load balancer)

/// <summary>Starts a local ECS as a detached process that outlives the caller, and stops it.</summary>
public static class LocalEcs
{
    public const string AssemblyFileName = "Pipeline.Ecs.Local.dll";
    public const string LogFileName = EcsLocalServer.LogFileName;

    /// <summary>
    /// Launches <c>dotnet Pipeline.Ecs.Local.dll serve …</c> in its own session, output appended to
    /// <c>&lt;state-dir&gt;/ecs-local.log</c>, and waits until its API answers; returns what it wrote to ecs-local.json.
    /// A local ECS of the same state directory that its files no longer reach is stopped first (<see cref="StopUnreachableAsync"/>).
    /// </summary>
    public static async Task<EcsLocalInfo> StartDetachedAsync(EcsLocalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = EcsLocalServer.FilesOf(options.StateDirectory);
        await StopUnreachableAsync(files.StateDirectory, cancellationToken);
        return await DetachedServer.StartAsync<EcsLocalInfo>(
            files, DetachedServer.ProgramPath(AssemblyFileName, typeof(LocalEcs)), EcsLocalCommandLine.ToArguments(options with { StateDirectory = files.StateDirectory }), m => new EcsLocalException(m), cancellationToken);
    }

    /// <summary>The running local ECS of a state directory, or null when none answers.</summary>
    public static Task<EcsLocalInfo?> TryConnectAsync(string stateDirectory, CancellationToken cancellationToken = default) =>
        DetachedServer.TryConnectAsync<EcsLocalInfo>(EcsLocalServer.FilesOf(stateDirectory), cancellationToken);

    /// <summary>
    /// Stops the local ECS of a state directory and waits for its process to exit, whatever its files say: the API
    /// named by its info file, and any API process of this state directory found by its command line (its files
    /// deleted). With <paramref name="down"/> it also stops every task (containers found by label) and every listener
    /// (edge processes found by command line). Answers what it stopped, one line each; empty when nothing ran.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StopAsync(string stateDirectory, bool down = true, CancellationToken cancellationToken = default)
    {
        var files = EcsLocalServer.FilesOf(stateDirectory);
        var statePath = Path.Combine(files.StateDirectory, State.EcsStore.FileName);
        var edges = down ? LocalEcsLeftovers.Edges(files.StateDirectory) : [];
        var containers = down ? await OwnContainersAsync(files.StateDirectory, cancellationToken) : [];
        var stopped = new List<string>();
        if (await DetachedServer.TryConnectAsync<EcsLocalInfo>(files, cancellationToken) is { } info)
        {
            await DetachedServer.ShutdownAsync(files, info, down, m => new EcsLocalException(m), cancellationToken);
            stopped.Add($"the local ECS API (pid {info.Pid}, {info.Endpoint})");
        }

        foreach (var pid in LocalEcsLeftovers.ApiProcesses(files.StateDirectory))
        {
            if (await RunningProcesses.StopAsync(pid, StopGrace, cancellationToken))
            {
                stopped.Add($"the local ECS API (pid {pid}, found by its command line: its files were gone)");
            }
        }

        if (!down)
        {
            return stopped;
        }

        if (File.Exists(statePath) || containers.Count > 0)
        {
            await using var host = new LocalEcsHost(
                new EcsLocalOptions { StateDirectory = files.StateDirectory, AccessKey = "-", SecretKey = "-" },
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            await host.DownAsync(cancellationToken);
        }

        foreach (var edge in LocalEcsLeftovers.Edges(files.StateDirectory))
        {
            await RunningProcesses.StopAsync(edge.Pid, StopGrace, cancellationToken);
        }

        stopped.AddRange(edges.Select(e => e.ToString()));
        stopped.AddRange(containers);
        return stopped;
    }

    /// <summary>
    /// Clears the way for a start when a local ECS of this state directory runs but its files no longer reach it (its
    /// info file or its whole folder deleted): with its state file still there, its API is stopped and the next start
    /// adopts its tasks and listeners; without, it is taken down (API, listeners, tasks), as its state is lost. Answers
    /// what it stopped; empty when nothing was left over.
    /// </summary>
    public static async Task<IReadOnlyList<string>> StopUnreachableAsync(string stateDirectory, CancellationToken cancellationToken = default)
    {
        var files = EcsLocalServer.FilesOf(stateDirectory);
        if (await DetachedServer.TryConnectAsync<EcsLocalInfo>(files, cancellationToken) is not null)
        {
            return [];
        }

        if (File.Exists(Path.Combine(files.StateDirectory, State.EcsStore.FileName)))
        {
            return await StopAsync(files.StateDirectory, down: false, cancellationToken);
        }

        return LocalEcsLeftovers.ApiProcesses(files.StateDirectory).Count > 0 || LocalEcsLeftovers.Edges(files.StateDirectory).Count > 0
            ? await StopAsync(files.StateDirectory, down: true, cancellationToken)
            : [];
    }

    private static TimeSpan StopGrace => TimeSpan.FromSeconds(45);

    /// <summary>The task containers of the local ECS of a state directory, by label; none when no Docker engine answers.</summary>
    private static async Task<IReadOnlyList<string>> OwnContainersAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        using var docker = DockerConnection.Open();
        try
        {
            var containers = await docker.CallAsync(c => c.Containers.ListContainersAsync(
                new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["label"] = new Dictionary<string, bool> { [$"{TaskRunner.InstanceLabel}={StateDirectoryId.Of(stateDirectory)}"] = true },
                    },
                },
                cancellationToken));
            return [.. containers.Select(c => $"task container {c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID[..12]}"
                + (c.Labels.TryGetValue(TaskRunner.TaskLabel, out var task) ? $" ({task})" : ""))];
        }
        catch (DockerEngineUnavailableException)
        {
            return [];
        }
    }

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
