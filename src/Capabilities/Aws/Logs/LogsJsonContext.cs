using System.Text.Json.Serialization;

namespace Pipeline.Aws.Logs;

/// <summary>Source-generated JSON for the CloudWatch Logs operations; member names are the model's camelCase ones, times epoch milliseconds.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetLogEventsRequest))]
[JsonSerializable(typeof(GetLogEventsResponse))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
