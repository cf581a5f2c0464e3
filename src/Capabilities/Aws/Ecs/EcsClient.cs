using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Ecs;

/// <summary>
/// Amazon ECS through its JSON 1.1 API. A thin typed layer on <see cref="AwsJsonClient"/>: each operation is one
/// request/response record pair registered in <see cref="EcsJsonContext"/>.
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
        client.SendAsync("DescribeServices", request, EcsJsonContext.Default.DescribeServicesRequest, EcsJsonContext.Default.DescribeServicesResponse, cancellationToken);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("UpdateService", request, EcsJsonContext.Default.UpdateServiceRequest, EcsJsonContext.Default.UpdateServiceResponse, cancellationToken);

    public Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("CreateService", request, EcsJsonContext.Default.CreateServiceRequest, EcsJsonContext.Default.CreateServiceResponse, cancellationToken);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("RegisterTaskDefinition", request, EcsJsonContext.Default.RegisterTaskDefinitionRequest, EcsJsonContext.Default.RegisterTaskDefinitionResponse, cancellationToken);

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DescribeTaskDefinition", request, EcsJsonContext.Default.DescribeTaskDefinitionRequest, EcsJsonContext.Default.DescribeTaskDefinitionResponse, cancellationToken);

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("ListServiceDeployments", request, EcsJsonContext.Default.ListServiceDeploymentsRequest, EcsJsonContext.Default.ListServiceDeploymentsResponse, cancellationToken);

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DescribeServiceDeployments", request, EcsJsonContext.Default.DescribeServiceDeploymentsRequest, EcsJsonContext.Default.DescribeServiceDeploymentsResponse, cancellationToken);

    public Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DescribeServiceRevisions", request, EcsJsonContext.Default.DescribeServiceRevisionsRequest, EcsJsonContext.Default.DescribeServiceRevisionsResponse, cancellationToken);

    public Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("ContinueServiceDeployment", request, EcsJsonContext.Default.ContinueServiceDeploymentRequest, EcsJsonContext.Default.ContinueServiceDeploymentResponse, cancellationToken);

    public Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("StopServiceDeployment", request, EcsJsonContext.Default.StopServiceDeploymentRequest, EcsJsonContext.Default.StopServiceDeploymentResponse, cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("RunTask", request, EcsJsonContext.Default.RunTaskRequest, EcsJsonContext.Default.RunTaskResponse, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DescribeTasks", request, EcsJsonContext.Default.DescribeTasksRequest, EcsJsonContext.Default.DescribeTasksResponse, cancellationToken);

    public Task<CreateClusterResponse> CreateClusterAsync(CreateClusterRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("CreateCluster", request, EcsJsonContext.Default.CreateClusterRequest, EcsJsonContext.Default.CreateClusterResponse, cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("StopTask", request, EcsJsonContext.Default.StopTaskRequest, EcsJsonContext.Default.StopTaskResponse, cancellationToken);

    public Task<DeleteServiceResponse> DeleteServiceAsync(DeleteServiceRequest request, CancellationToken cancellationToken) =>
        client.SendAsync("DeleteService", request, EcsJsonContext.Default.DeleteServiceRequest, EcsJsonContext.Default.DeleteServiceResponse, cancellationToken);

    public void Dispose() => client.Dispose();
}
