using System.Text.Json.Nodes;
using Pipeline.Aws;
using Pipeline.Aws.Logs;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// What a failed migrations task's container wrote, read from CloudWatch Logs where its <c>awslogs</c> log configuration
/// sends it (stream <c>&lt;awslogs-stream-prefix&gt;/&lt;container&gt;/&lt;task id&gt;</c>): the tool's own last error,
/// in one line. When the log cannot be read (no log configuration, reading denied, nothing written) it says so and how
/// to see it — never an error of its own.
/// </summary>
internal sealed class MigrationsTaskLog(LogsClient? logs)
{
    private const int Lines = 100;

    /// <summary>The tool's error line (<see cref="ToolError"/>) and where the whole log is, or why there is no line.</summary>
    public async Task<(string? Error, string Where)> ReadAsync(JsonObject taskDefinition, string container, string taskArn, CancellationToken cancellationToken)
    {
        var configuration = (taskDefinition["containerDefinitions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["name"] == container)?["logConfiguration"] as JsonObject;
        var options = configuration?["options"] as JsonObject;
        if ((string?)configuration?["logDriver"] != "awslogs" || (string?)options?["awslogs-group"] is not { Length: > 0 } group)
        {
            return (null, $"its output is not in CloudWatch Logs: give container '{container}' an awslogs logConfiguration in the task definition to see the tool's error here");
        }

        if ((string?)options["awslogs-stream-prefix"] is not { Length: > 0 } prefix)
        {
            return (null, $"its log stream in group {group} is named after the container's id (no awslogs-stream-prefix): see it in the CloudWatch console");
        }

        var stream = $"{prefix}/{container}/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}";
        var command = $"aws logs get-log-events --log-group-name {group} --log-stream-name {stream}";
        if (logs is null)
        {
            return (null, $"its log: {command}");
        }

        try
        {
            var events = await ReadEventsAsync(group, stream, cancellationToken);
            return events.Count == 0
                ? (null, $"it wrote nothing to its log ({command})")
                : (ToolError.Of(events), $"its log: {command}");
        }
        catch (AwsServiceException e) when (e.ErrorCode is "AccessDeniedException" or "AccessDenied")
        {
            return (null, $"reading its log was denied (allow logs:GetLogEvents on log group {group}); see it with {command}");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return (null, $"its log stream {stream} is not in group {group} ({e.ErrorMessage})");
        }
        catch (AwsException e)
        {
            return (null, $"its log could not be read ({e.Message.Split('\n')[0]}); see it with {command}");
        }
    }

    /// <summary>The last lines of the stream; the awslogs driver may deliver the last ones just after the task stopped.</summary>
    private async Task<IReadOnlyList<string>> ReadEventsAsync(string group, string stream, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await logs!.GetLogEventsAsync(
                new GetLogEventsRequest { LogGroupName = group, LogStreamName = stream, Limit = Lines, StartFromHead = false }, cancellationToken);
            if (answer.Events.Count > 0 || attempt == 3)
            {
                return [.. answer.Events.Select(e => e.Message ?? "")];
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
