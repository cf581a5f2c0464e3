namespace Pipeline.Aws.Logs;

/// <summary>
/// Input of CloudWatch Logs <c>GetLogEvents</c>: the events of one stream, newest first unless <see cref="StartFromHead"/>;
/// times are epoch milliseconds.
/// </summary>
public sealed record GetLogEventsRequest
{
    /// <summary>The group's name (or give <see cref="LogGroupIdentifier"/>, not both).</summary>
    public string? LogGroupName { get; init; }

    /// <summary>The group's name or ARN.</summary>
    public string? LogGroupIdentifier { get; init; }

    /// <summary>For a task's container: <c>&lt;awslogs-stream-prefix&gt;/&lt;container name&gt;/&lt;task id&gt;</c>.</summary>
    public required string LogStreamName { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? NextToken { get; init; }

    /// <summary>1 to 10,000 events; by default as many as fit in 1 MB.</summary>
    public int? Limit { get; init; }

    public bool? StartFromHead { get; init; }

    public bool? Unmask { get; init; }
}

/// <summary>Output of CloudWatch Logs <c>GetLogEvents</c>: the events, oldest first within the page.</summary>
public sealed record GetLogEventsResponse
{
    public IReadOnlyList<OutputLogEvent> Events { get; init; } = [];

    public string? NextForwardToken { get; init; }

    public string? NextBackwardToken { get; init; }
}

/// <summary>One log event: a line a container wrote, with when it was written and ingested (epoch milliseconds).</summary>
public sealed record OutputLogEvent
{
    public long? Timestamp { get; init; }

    public string? Message { get; init; }

    public long? IngestionTime { get; init; }
}
