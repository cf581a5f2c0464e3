namespace Pipeline.Aws.Ecr;

/// <summary>An image by tag, by digest, or both.</summary>
public sealed record ImageIdentifier
{
    /// <summary>e.g. <c>sha256:…</c>.</summary>
    public string? ImageDigest { get; init; }

    public string? ImageTag { get; init; }

    public static ImageIdentifier ByTag(string tag) => new() { ImageTag = tag };

    public static ImageIdentifier ByDigest(string digest) => new() { ImageDigest = digest };
}
