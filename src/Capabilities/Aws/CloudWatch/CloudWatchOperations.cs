namespace Pipeline.Aws.CloudWatch;

/// <summary>The CloudWatch operations the client implements; <see cref="All"/> is what the model-walking tests walk.</summary>
internal static class CloudWatchOperations
{
    public static readonly AwsOperation<PutMetricAlarmRequest, PutMetricAlarmResponse> PutMetricAlarm =
        new("PutMetricAlarm", Context.PutMetricAlarmRequest, Context.PutMetricAlarmResponse);

    public static readonly AwsOperation<DescribeAlarmsRequest, DescribeAlarmsResponse> DescribeAlarms =
        new("DescribeAlarms", Context.DescribeAlarmsRequest, Context.DescribeAlarmsResponse);

    public static readonly AwsOperation<GetMetricDataRequest, GetMetricDataResponse> GetMetricData =
        new("GetMetricData", Context.GetMetricDataRequest, Context.GetMetricDataResponse);

    public static readonly AwsOperation<DeleteAlarmsRequest, DeleteAlarmsResponse> DeleteAlarms =
        new("DeleteAlarms", Context.DeleteAlarmsRequest, Context.DeleteAlarmsResponse);

    public static readonly AwsOperation<SetAlarmStateRequest, SetAlarmStateResponse> SetAlarmState =
        new("SetAlarmState", Context.SetAlarmStateRequest, Context.SetAlarmStateResponse);

    public static IReadOnlyList<IAwsOperation> All => [PutMetricAlarm, DescribeAlarms, GetMetricData, DeleteAlarms, SetAlarmState];

    private static CloudWatchJsonContext Context => CloudWatchJsonContext.Default;
}
