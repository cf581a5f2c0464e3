using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Logs;
using Pipeline.Ecs.Local.State;
using Pipeline.Images;

namespace Pipeline.Ecs.Local.Tasks;

/// <summary>
/// The <c>awslogs</c> log driver of the local ECS: a container whose definition logs through it has its output kept in
/// the CloudWatch Logs stand-in's stream <c>&lt;awslogs-stream-prefix&gt;/&lt;container name&gt;/&lt;task id&gt;</c> of
/// group <c>awslogs-group</c> — read from Docker when the container stops (before it is removed) and whenever the stream
/// is read while it runs.
/// </summary>
internal sealed class TaskLogs(EcsStore store, DockerConnection docker, LogStore logs, ILogger logger)
{
    private readonly SemaphoreSlim keeping = new(1, 1);

    /// <summary>Where a container of task <paramref name="taskId"/> logs, or null when it does not log through awslogs.</summary>
    public static AwsLogsDestination? DestinationOf(ContainerDefinition definition, string taskId)
    {
        if (definition.LogConfiguration is not { LogDriver: "awslogs", Options: { } options } || !options.TryGetValue("awslogs-group", out var group) || group.Length == 0)
        {
            return null;
        }

        var stream = options.TryGetValue("awslogs-stream-prefix", out var prefix) && prefix.Length > 0 ? $"{prefix}/{definition.Name}/{taskId}" : null;
        return new AwsLogsDestination(group, stream, options.TryGetValue("awslogs-create-group", out var create) && create == "true");
    }

    /// <summary>
    /// Readies the destination of a container about to start: null when it can log, else the reason the task fails to
    /// start, in the words of ECS's agent (a missing group without <c>awslogs-create-group</c>).
    /// </summary>
    public string? Prepare(TaskContainerState container, string dockerId)
    {
        if (store.Read(_ => container.Logs) is not { } destination)
        {
            return null;
        }

        if (!logs.GroupExists(destination.Group))
        {
            if (!destination.CreateGroup)
            {
                return "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: "
                    + "ResourceNotFoundException: The specified log group does not exist. : exit status 1";
            }

            logs.CreateGroup(destination.Group);
        }

        var stream = destination.Stream ?? dockerId;
        store.Write(_ => container.Logs = destination with { Stream = stream });
        logs.EnsureStream(destination.Group, stream);
        return null;
    }

    /// <summary>Appends what the container wrote since the last time to its stream; Docker errors only log (the output is best effort).</summary>
    public async Task KeepAsync(TaskContainerState container, CancellationToken cancellationToken)
    {
        var (destination, id) = store.Read(_ => (container.Logs, container.DockerId));
        if (destination?.Stream is not { } stream || id is null)
        {
            return;
        }

        await keeping.WaitAsync(cancellationToken);
        try
        {
            var since = store.Read(_ => container.LogsKeptUntil);
            var parameters = new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Timestamps = true,
                Since = since is { } s ? (s.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : null,
            };
            using var output = await docker.CallAsync(c => c.Containers.GetContainerLogsAsync(id, parameters, cancellationToken));
            var (stdout, stderr) = await output.ReadOutputToEndAsync(cancellationToken);
            var lines = Lines(stdout).Concat(Lines(stderr)).Where(l => since is null || l.Time > since).OrderBy(l => l.Time).ToList();
            if (lines.Count == 0)
            {
                return;
            }

            logs.Append(destination.Group, stream, lines.Select(l => (l.Time.ToUnixTimeMilliseconds(), l.Message)));
            store.Write(_ => container.LogsKeptUntil = lines[^1].Time);
        }
        catch (DockerApiException e)
        {
            logger.LogDebug("Could not read the output of container {Container}: {Error}", container.Name, DockerConnection.MessageOf(e));
        }
        finally
        {
            keeping.Release();
        }
    }

    /// <summary>Brings the stream up to date when a running container writes to it (a stopped one's output is all kept already).</summary>
    public async Task RefreshAsync(string group, string stream, CancellationToken cancellationToken)
    {
        var writers = store.Read(d => d.Tasks.Values
            .Where(t => !t.IsStopped)
            .SelectMany(t => t.Containers)
            .Where(c => c.Logs is { } l && l.Group == group && l.Stream == stream)
            .ToList());
        foreach (var container in writers)
        {
            await KeepAsync(container, cancellationToken);
        }
    }

    /// <summary>The lines of Docker's timestamped output (<c>2026-12-05T04:40:00.123456789Z message</c>).</summary>
    private static IEnumerable<(DateTimeOffset Time, string Message)> Lines(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && ParseTime(line[..space]) is { } time)
            {
                yield return (time, line[(space + 1)..].TrimEnd('\r'));
            }
        }
    }

    /// <summary>RFC 3339 with nanoseconds, cut to the 100 ns .NET keeps.</summary>
    private static DateTimeOffset? ParseTime(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && text.EndsWith('Z') && text.Length - dot - 2 > 7)
        {
            text = text[..(dot + 8)] + "Z";
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }
}
