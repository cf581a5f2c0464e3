namespace Pipeline.Aws.Ecs;

/// <summary>
/// The ECS operations the client implements, with the model traits it honours: RunTask's <c>clientToken</c> is the
/// model's <c>idempotencyToken</c>. <see cref="All"/> is what the model-walking tests walk.
/// </summary>
internal static class EcsOperations
{
    private static EcsJsonContext Context => EcsJsonContext.Default;

    public static readonly AwsOperation<DescribeServicesRequest, DescribeServicesResponse> DescribeServices = new("DescribeServices", Context.DescribeServicesRequest, Context.DescribeServicesResponse);

    public static readonly AwsOperation<UpdateServiceRequest, UpdateServiceResponse> UpdateService = new("UpdateService", Context.UpdateServiceRequest, Context.UpdateServiceResponse);

    public static readonly AwsOperation<CreateServiceRequest, CreateServiceResponse> CreateService = new("CreateService", Context.CreateServiceRequest, Context.CreateServiceResponse);

    public static readonly AwsOperation<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse> RegisterTaskDefinition = new("RegisterTaskDefinition", Context.RegisterTaskDefinitionRequest, Context.RegisterTaskDefinitionResponse);

    public static readonly AwsOperation<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse> DescribeTaskDefinition = new("DescribeTaskDefinition", Context.DescribeTaskDefinitionRequest, Context.DescribeTaskDefinitionResponse);

    public static readonly AwsOperation<ListServiceDeploymentsRequest, ListServiceDeploymentsResponse> ListServiceDeployments = new("ListServiceDeployments", Context.ListServiceDeploymentsRequest, Context.ListServiceDeploymentsResponse);

    public static readonly AwsOperation<DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse> DescribeServiceDeployments = new("DescribeServiceDeployments", Context.DescribeServiceDeploymentsRequest, Context.DescribeServiceDeploymentsResponse);

    public static readonly AwsOperation<DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse> DescribeServiceRevisions = new("DescribeServiceRevisions", Context.DescribeServiceRevisionsRequest, Context.DescribeServiceRevisionsResponse);

    public static readonly AwsOperation<ContinueServiceDeploymentRequest, ContinueServiceDeploymentResponse> ContinueServiceDeployment = new("ContinueServiceDeployment", Context.ContinueServiceDeploymentRequest, Context.ContinueServiceDeploymentResponse);

    public static readonly AwsOperation<StopServiceDeploymentRequest, StopServiceDeploymentResponse> StopServiceDeployment = new("StopServiceDeployment", Context.StopServiceDeploymentRequest, Context.StopServiceDeploymentResponse);

    public static readonly AwsOperation<RunTaskRequest, RunTaskResponse> RunTask = new("RunTask", Context.RunTaskRequest, Context.RunTaskResponse) { IdempotencyToken = "clientToken" };

    public static readonly AwsOperation<DescribeTasksRequest, DescribeTasksResponse> DescribeTasks = new("DescribeTasks", Context.DescribeTasksRequest, Context.DescribeTasksResponse);

    public static readonly AwsOperation<CreateClusterRequest, CreateClusterResponse> CreateCluster = new("CreateCluster", Context.CreateClusterRequest, Context.CreateClusterResponse);

    public static readonly AwsOperation<StopTaskRequest, StopTaskResponse> StopTask = new("StopTask", Context.StopTaskRequest, Context.StopTaskResponse);

    public static readonly AwsOperation<DeleteServiceRequest, DeleteServiceResponse> DeleteService = new("DeleteService", Context.DeleteServiceRequest, Context.DeleteServiceResponse);

    public static IReadOnlyList<IAwsOperation> All =>
    [
        DescribeServices,
        UpdateService,
        CreateService,
        RegisterTaskDefinition,
        DescribeTaskDefinition,
        ListServiceDeployments,
        DescribeServiceDeployments,
        DescribeServiceRevisions,
        ContinueServiceDeployment,
        StopServiceDeployment,
        RunTask,
        DescribeTasks,
        CreateCluster,
        StopTask,
        DeleteService,
    ];
}
