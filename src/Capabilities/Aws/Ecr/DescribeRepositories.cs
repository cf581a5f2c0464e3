namespace Pipeline.Aws.Ecr;

/// <summary>Input of ECR <c>DescribeRepositories</c>: by name, or all repositories page by page.</summary>
public sealed record DescribeRepositoriesRequest
{
    public string? RegistryId { get; init; }

    public IReadOnlyList<string>? RepositoryNames { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

/// <summary>Output of ECR <c>DescribeRepositories</c>.</summary>
public sealed record DescribeRepositoriesResponse
{
    public IReadOnlyList<Repository> Repositories { get; init; } = [];

    public string? NextToken { get; init; }
}
