using System.Text.Json.Serialization;

namespace Pipeline.Aws.CloudWatch;

/// <summary>Source-generated JSON for the CloudWatch operations; member names are the model's PascalCase ones.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsTimestampJsonConverter)])]
[JsonSerializable(typeof(PutMetricAlarmRequest))]
[JsonSerializable(typeof(PutMetricAlarmResponse))]
[JsonSerializable(typeof(DescribeAlarmsRequest))]
[JsonSerializable(typeof(DescribeAlarmsResponse))]
[JsonSerializable(typeof(GetMetricDataRequest))]
[JsonSerializable(typeof(GetMetricDataResponse))]
[JsonSerializable(typeof(DeleteAlarmsRequest))]
[JsonSerializable(typeof(DeleteAlarmsResponse))]
[JsonSerializable(typeof(SetAlarmStateRequest))]
[JsonSerializable(typeof(SetAlarmStateResponse))]
internal sealed partial class CloudWatchJsonContext : JsonSerializerContext;
