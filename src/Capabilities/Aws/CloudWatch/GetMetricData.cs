namespace Pipeline.Aws.CloudWatch;

/// <summary>
/// Input of CloudWatch <c>GetMetricData</c>: up to 500 queries over [<see cref="StartTime"/>, <see cref="EndTime"/>)
/// (sent as whole epoch seconds, as botocore sends them), newest first unless <see cref="ScanBy"/> says otherwise.
/// </summary>
public sealed record GetMetricDataRequest
{
    public required IReadOnlyList<MetricDataQuery> MetricDataQueries { get; init; }

    public required DateTimeOffset StartTime { get; init; }

    public required DateTimeOffset EndTime { get; init; }

    public string? NextToken { get; init; }

    /// <summary><c>TimestampDescending</c> (the default) or <c>TimestampAscending</c>.</summary>
    public string? ScanBy { get; init; }

    public int? MaxDatapoints { get; init; }
}

/// <summary>Output of CloudWatch <c>GetMetricData</c>: one result per query that returns data.</summary>
public sealed record GetMetricDataResponse
{
    public IReadOnlyList<MetricDataResult> MetricDataResults { get; init; } = [];

    public string? NextToken { get; init; }

    public IReadOnlyList<MessageData> Messages { get; init; } = [];
}

/// <summary>The datapoints of one query: <see cref="Timestamps"/>[i] has <see cref="Values"/>[i].</summary>
public sealed record MetricDataResult
{
    public string? Id { get; init; }

    public string? Label { get; init; }

    public IReadOnlyList<DateTimeOffset> Timestamps { get; init; } = [];

    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary><c>Complete</c>, or <c>PartialData</c> when more pages follow.</summary>
    public string? StatusCode { get; init; }

    public IReadOnlyList<MessageData> Messages { get; init; } = [];
}

/// <summary>A message about a query or its results.</summary>
public sealed record MessageData
{
    public string? Code { get; init; }

    public string? Value { get; init; }
}
