namespace Pipeline.Aws.Logs;

/// <summary>The CloudWatch Logs operations the client implements; <see cref="All"/> is what the model-walking tests walk.</summary>
internal static class LogsOperations
{
    public static readonly AwsOperation<GetLogEventsRequest, GetLogEventsResponse> GetLogEvents =
        new("GetLogEvents", Context.GetLogEventsRequest, Context.GetLogEventsResponse);

    public static IReadOnlyList<IAwsOperation> All => [GetLogEvents];

    private static LogsJsonContext Context => LogsJsonContext.Default;
}
