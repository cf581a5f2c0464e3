using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Logs;

/// <summary>
/// Amazon CloudWatch Logs through its JSON 1.1 API (<c>X-Amz-Target: Logs_20140328.&lt;Operation&gt;</c>): what a
/// task's containers wrote through the <c>awslogs</c> log driver. A thin typed layer on <see cref="AwsJsonClient"/>.
/// </summary>
public sealed class LogsClient : IDisposable
{
    private readonly AwsJsonClient client;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public LogsClient(AwsClientOptions options, ILogger? logger = null) => client = new AwsJsonClient(AwsService.Logs, options, logger);

    /// <summary>The underlying signed client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(LogsOperations.GetLogEvents, request, cancellationToken);

    public void Dispose() => client.Dispose();
}
