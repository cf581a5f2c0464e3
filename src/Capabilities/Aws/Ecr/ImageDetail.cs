namespace Pipeline.Aws.Ecr;

/// <summary>What ECR knows about one image manifest (the model's <c>ImageDetail</c> shape).</summary>
public sealed record ImageDetail
{
    public string? RegistryId { get; init; }

    public string? RepositoryName { get; init; }

    /// <summary>The manifest digest, <c>sha256:…</c>: what deploys should reference.</summary>
    public string? ImageDigest { get; init; }

    public IReadOnlyList<string> ImageTags { get; init; } = [];

    public long? ImageSizeInBytes { get; init; }

    public DateTimeOffset? ImagePushedAt { get; init; }

    public string? ImageManifestMediaType { get; init; }

    public string? ArtifactMediaType { get; init; }

    /// <summary><c>ACTIVE</c>, <c>ARCHIVED</c> or <c>ACTIVATING</c>.</summary>
    public string? ImageStatus { get; init; }
}
