using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>Source-generated JSON for the ECS operations; member names are the model's camelCase ones.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsTimestampJsonConverter)])]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(DescribeServicesResponse))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
