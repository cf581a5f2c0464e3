namespace Pipeline.Images.Ecr;

/// <summary>Where and how to push to Amazon ECR.</summary>
/// <param name="RepositoryName">ECR repository name, e.g. <c>team/sample-api</c>; created when missing.</param>
public sealed record EcrPushOptions(string RepositoryName)
{
    /// <summary>Scan on push for a repository this push creates.</summary>
    public bool ScanOnPush { get; init; } = true;

    /// <summary>Immutable tags for a repository this push creates.</summary>
    public bool ImmutableTags { get; init; }

    /// <summary>Registry (account) id; null is the caller's account.</summary>
    public string? RegistryId { get; init; }

    /// <summary>
    /// Push to this registry instead of the one in the token's proxy endpoint (a pull-through proxy, or a local registry
    /// standing in for ECR in tests). Only its host and port are used.
    /// </summary>
    public Uri? RegistryOverride { get; init; }
}
