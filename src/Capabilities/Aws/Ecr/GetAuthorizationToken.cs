namespace Pipeline.Aws.Ecr;

/// <summary>Input of ECR <c>GetAuthorizationToken</c>; no registry ids means the caller's default registry.</summary>
public sealed record GetAuthorizationTokenRequest
{
    public IReadOnlyList<string>? RegistryIds { get; init; }
}

/// <summary>Output of ECR <c>GetAuthorizationToken</c>.</summary>
public sealed record GetAuthorizationTokenResponse
{
    public IReadOnlyList<AuthorizationData> AuthorizationData { get; init; } = [];
}

/// <summary>One registry's token: base64 of <c>AWS:&lt;password&gt;</c>, valid for 12 hours.</summary>
public sealed record AuthorizationData
{
    public string? AuthorizationToken { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The registry URL, e.g. <c>https://123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>.</summary>
    public string? ProxyEndpoint { get; init; }

    /// <summary>Hides the token: records print every member otherwise.</summary>
    public override string ToString() => $"AuthorizationData {{ ProxyEndpoint = {ProxyEndpoint}, ExpiresAt = {ExpiresAt:O}, AuthorizationToken = *** }}";
}
