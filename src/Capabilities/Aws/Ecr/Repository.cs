namespace Pipeline.Aws.Ecr;

/// <summary>An ECR repository (the model's <c>Repository</c> shape).</summary>
public sealed record Repository
{
    public string? RepositoryArn { get; init; }

    public string? RegistryId { get; init; }

    public string? RepositoryName { get; init; }

    /// <summary>Where images are pushed: <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;name&gt;</c>.</summary>
    public string? RepositoryUri { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>One of <see cref="Ecr.ImageTagMutability"/>.</summary>
    public string? ImageTagMutability { get; init; }

    public ImageScanningConfiguration? ImageScanningConfiguration { get; init; }

    public EncryptionConfiguration? EncryptionConfiguration { get; init; }
}
