namespace Pipeline.Aws.Local.Logs;

/// <summary>One line of a log stream: when it was written and when the stand-in took it in (epoch milliseconds).</summary>
internal sealed record LogEvent(long Timestamp, string Message, long IngestionTime);

/// <summary>A log stream as <c>DescribeLogStreams</c> lists it.</summary>
internal sealed record LogStreamInfo(string Name, long CreationTime, long? FirstEventTimestamp, long? LastEventTimestamp, long? LastIngestionTime);
