namespace Pipeline.Aws.Ecr;

/// <summary>The ECR operations the client implements; <see cref="All"/> is what the model-walking tests walk.</summary>
internal static class EcrOperations
{
    private static EcrJsonContext Context => EcrJsonContext.Default;

    public static readonly AwsOperation<GetAuthorizationTokenRequest, GetAuthorizationTokenResponse> GetAuthorizationToken = new("GetAuthorizationToken", Context.GetAuthorizationTokenRequest, Context.GetAuthorizationTokenResponse);

    public static readonly AwsOperation<DescribeRepositoriesRequest, DescribeRepositoriesResponse> DescribeRepositories = new("DescribeRepositories", Context.DescribeRepositoriesRequest, Context.DescribeRepositoriesResponse);

    public static readonly AwsOperation<CreateRepositoryRequest, CreateRepositoryResponse> CreateRepository = new("CreateRepository", Context.CreateRepositoryRequest, Context.CreateRepositoryResponse);

    public static readonly AwsOperation<DescribeImagesRequest, DescribeImagesResponse> DescribeImages = new("DescribeImages", Context.DescribeImagesRequest, Context.DescribeImagesResponse);

    public static IReadOnlyList<IAwsOperation> All =>
    [
        GetAuthorizationToken,
        DescribeRepositories,
        CreateRepository,
        DescribeImages,
    ];
}
