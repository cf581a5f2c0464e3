using System.Text.Json.Serialization;

namespace Pipeline.Aws.Ecs;

/// <summary>Source-generated JSON for the ECS operations; member names are the model's camelCase ones.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(AwsTimestampJsonConverter)])]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(DescribeServicesResponse))]
[JsonSerializable(typeof(UpdateServiceRequest))]
[JsonSerializable(typeof(UpdateServiceResponse))]
[JsonSerializable(typeof(CreateServiceRequest))]
[JsonSerializable(typeof(CreateServiceResponse))]
[JsonSerializable(typeof(RegisterTaskDefinitionRequest))]
[JsonSerializable(typeof(RegisterTaskDefinitionResponse))]
[JsonSerializable(typeof(DescribeTaskDefinitionRequest))]
[JsonSerializable(typeof(DescribeTaskDefinitionResponse))]
[JsonSerializable(typeof(ListServiceDeploymentsRequest))]
[JsonSerializable(typeof(ListServiceDeploymentsResponse))]
[JsonSerializable(typeof(DescribeServiceDeploymentsRequest))]
[JsonSerializable(typeof(DescribeServiceDeploymentsResponse))]
[JsonSerializable(typeof(DescribeServiceRevisionsRequest))]
[JsonSerializable(typeof(DescribeServiceRevisionsResponse))]
[JsonSerializable(typeof(ContinueServiceDeploymentRequest))]
[JsonSerializable(typeof(ContinueServiceDeploymentResponse))]
[JsonSerializable(typeof(StopServiceDeploymentRequest))]
[JsonSerializable(typeof(StopServiceDeploymentResponse))]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(RunTaskResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(DescribeTasksResponse))]
[JsonSerializable(typeof(CreateClusterRequest))]
[JsonSerializable(typeof(CreateClusterResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
[JsonSerializable(typeof(DeleteServiceRequest))]
[JsonSerializable(typeof(DeleteServiceResponse))]
[JsonSerializable(typeof(EcsTaskDefinition))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
