using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// Amazon ECS through its JSON 1.1 API. A thin typed layer on <see cref="AwsJsonClient"/>: each operation is one
/// request/response record pair registered in <see cref="EcsJsonContext"/> and described in <see cref="EcsOperations"/>.
/// </summary>
public sealed class EcsClient : IDisposable
{
    private readonly AwsJsonClient client;

    /// <summary>Creates a client; region, endpoint and credentials resolve on the first request.</summary>
    public EcsClient(AwsClientOptions options, ILogger? logger = null) => client = new AwsJsonClient(AwsService.Ecs, options, logger);

    /// <summary>The underlying signed JSON client (region, endpoint).</summary>
    public AwsJsonClient Client => client;

    /// <summary>The JSON options of the ECS records (model member names, epoch timestamps), for tools and tests.</summary>
    public static JsonSerializerOptions JsonOptions => EcsJsonContext.Default.Options;

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DescribeServices, request, cancellationToken);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.UpdateService, request, cancellationToken);

    public Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.CreateService, request, cancellationToken);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.RegisterTaskDefinition, request, cancellationToken);

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DescribeTaskDefinition, request, cancellationToken);

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.ListServiceDeployments, request, cancellationToken);

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DescribeServiceDeployments, request, cancellationToken);

    public Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DescribeServiceRevisions, request, cancellationToken);

    public Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.ContinueServiceDeployment, request, cancellationToken);

    public Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.StopServiceDeployment, request, cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.RunTask, request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DescribeTasks, request, cancellationToken);

    public Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.CreateCluster, request, cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.StopTask, request, cancellationToken);

    public Task<DeleteServiceResponse> DeleteServiceAsync(DeleteServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync(EcsOperations.DeleteService, request, cancellationToken);

    public void Dispose() => client.Dispose();
}
