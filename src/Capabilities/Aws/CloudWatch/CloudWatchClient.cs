using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch through its JSON 1.0 API (<c>X-Amz-Target: GraniteServiceVersion20100801.&lt;Operation&gt;</c>):
/// the alarms a deploy declares and watches, and the metrics it judges a release by. A thin typed layer on
/// <see cref="AwsJsonClient"/>.
/// </summary>
public sealed class CloudWatchClient : IDisposable
{
    private readonly AwsJsonClient client;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public CloudWatchClient(AwsClientOptions options, ILogger? logger = null) => client = new AwsJsonClient(AwsService.CloudWatch, options, logger);

    /// <summary>The underlying signed client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    public Task<PutMetricAlarmResponse> PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(CloudWatchOperations.PutMetricAlarm, request, cancellationToken);

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(CloudWatchOperations.DescribeAlarms, request, cancellationToken);

    public Task<GetMetricDataResponse> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(CloudWatchOperations.GetMetricData, request, cancellationToken);

    public Task<DeleteAlarmsResponse> DeleteAlarmsAsync(DeleteAlarmsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(CloudWatchOperations.DeleteAlarms, request, cancellationToken);

    public Task<SetAlarmStateResponse> SetAlarmStateAsync(SetAlarmStateRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(CloudWatchOperations.SetAlarmState, request, cancellationToken);

    public void Dispose() => client.Dispose();
}
