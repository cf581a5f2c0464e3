namespace Pipeline.Aws.Ecr;

/// <summary>Input of ECR <c>DescribeImages</c>: some images by tag or digest, or all of a repository page by page.</summary>
public sealed record DescribeImagesRequest
{
    public string? RegistryId { get; init; }

    public required string RepositoryName { get; init; }

    public IReadOnlyList<ImageIdentifier>? ImageIds { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public DescribeImagesFilter? Filter { get; init; }
}

/// <summary>Output of ECR <c>DescribeImages</c>.</summary>
public sealed record DescribeImagesResponse
{
    public IReadOnlyList<ImageDetail> ImageDetails { get; init; } = [];

    public string? NextToken { get; init; }
}

/// <summary>Narrows <c>DescribeImages</c> when no image ids are given.</summary>
public sealed record DescribeImagesFilter
{
    /// <summary><c>TAGGED</c>, <c>UNTAGGED</c> or <c>ANY</c>.</summary>
    public string? TagStatus { get; init; }
}
