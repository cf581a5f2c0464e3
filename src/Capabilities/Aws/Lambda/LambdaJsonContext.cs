using System.Text.Json.Serialization;

namespace Pipeline.Aws.Lambda;

/// <summary>Source-generated JSON for the Lambda operations; member names are the model's PascalCase ones.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsTimestampJsonConverter)])]
[JsonSerializable(typeof(CreateFunctionRequest))]
[JsonSerializable(typeof(FunctionConfiguration))]
[JsonSerializable(typeof(GetFunctionRequest))]
[JsonSerializable(typeof(GetFunctionResponse))]
[JsonSerializable(typeof(GetFunctionConfigurationRequest))]
[JsonSerializable(typeof(UpdateFunctionCodeRequest))]
[JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
[JsonSerializable(typeof(PublishVersionRequest))]
[JsonSerializable(typeof(ListVersionsByFunctionRequest))]
[JsonSerializable(typeof(ListVersionsByFunctionResponse))]
[JsonSerializable(typeof(CreateAliasRequest))]
[JsonSerializable(typeof(GetAliasRequest))]
[JsonSerializable(typeof(UpdateAliasRequest))]
[JsonSerializable(typeof(AliasConfiguration))]
[JsonSerializable(typeof(ListAliasesRequest))]
[JsonSerializable(typeof(ListAliasesResponse))]
[JsonSerializable(typeof(DeleteFunctionRequest))]
[JsonSerializable(typeof(DeleteFunctionResponse))]
[JsonSerializable(typeof(InvokeRequest))]
[JsonSerializable(typeof(InvokeResponse))]
[JsonSerializable(typeof(CreateFunctionUrlConfigRequest))]
[JsonSerializable(typeof(CreateFunctionUrlConfigResponse))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
