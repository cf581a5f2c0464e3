namespace Pipeline.Aws.Ecr;

/// <summary>Input of ECR <c>CreateRepository</c>.</summary>
public sealed record CreateRepositoryRequest
{
    public string? RegistryId { get; init; }

    public required string RepositoryName { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>One of <see cref="Ecr.ImageTagMutability"/>; null means the service default (<c>MUTABLE</c>).</summary>
    public string? ImageTagMutability { get; init; }

    public ImageScanningConfiguration? ImageScanningConfiguration { get; init; }

    public EncryptionConfiguration? EncryptionConfiguration { get; init; }
}

/// <summary>Output of ECR <c>CreateRepository</c>.</summary>
public sealed record CreateRepositoryResponse
{
    public Repository? Repository { get; init; }
}
