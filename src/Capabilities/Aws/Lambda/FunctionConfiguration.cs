namespace Pipeline.Aws.Lambda;

/// <summary>
/// A function or one of its versions as Lambda reports it (the model's <c>FunctionConfiguration</c>): what runs, its
/// state and the state of its last update. Enum-valued members are plain strings (<see cref="LambdaValues"/>) so values
/// AWS adds later still parse.
/// </summary>
public sealed record FunctionConfiguration
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Role { get; init; }

    public long? CodeSize { get; init; }

    public string? Description { get; init; }

    public int? Timeout { get; init; }

    public int? MemorySize { get; init; }

    /// <summary>ISO 8601 text, as Lambda sends it (e.g. <c>2026-12-04T10:00:00.000+0000</c>).</summary>
    public string? LastModified { get; init; }

    /// <summary>The SHA-256 of the code: for an image, of its manifest; <c>PublishVersion</c> can require it.</summary>
    public string? CodeSha256 { get; init; }

    /// <summary><c>$LATEST</c> or a published version number.</summary>
    public string? Version { get; init; }

    public VpcConfigResponse? VpcConfig { get; init; }

    public EnvironmentResponse? Environment { get; init; }

    /// <summary>Changes on every update: pass it back to make an update conditional on nobody else having changed the function.</summary>
    public string? RevisionId { get; init; }

    /// <summary><see cref="LambdaValues.State"/>.</summary>
    public string? State { get; init; }

    public string? StateReason { get; init; }

    public string? StateReasonCode { get; init; }

    /// <summary><see cref="LambdaValues.UpdateStatus"/>: wait for <c>Successful</c> before the next change.</summary>
    public string? LastUpdateStatus { get; init; }

    public string? LastUpdateStatusReason { get; init; }

    public string? LastUpdateStatusReasonCode { get; init; }

    /// <summary><see cref="LambdaValues.PackageType"/>.</summary>
    public string? PackageType { get; init; }

    public ImageConfigResponse? ImageConfigResponse { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }

    public EphemeralStorage? EphemeralStorage { get; init; }
}

/// <summary>A function's environment variables as Lambda reports them, or why it could not decrypt them.</summary>
public sealed record EnvironmentResponse
{
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    public LambdaErrorDetail? Error { get; init; }
}

/// <summary>An image function's entry point, command and working directory as Lambda reports them, or what is wrong with them.</summary>
public sealed record ImageConfigResponse
{
    public ImageConfig? ImageConfig { get; init; }

    public LambdaErrorDetail? Error { get; init; }
}

/// <summary>The network of a function in a VPC, as Lambda reports it.</summary>
public sealed record VpcConfigResponse
{
    public IReadOnlyList<string>? SubnetIds { get; init; }

    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    public string? VpcId { get; init; }

    public bool? Ipv6AllowedForDualStack { get; init; }
}

/// <summary>An error attached to part of a function's configuration (the model's <c>EnvironmentError</c> and <c>ImageConfigError</c>).</summary>
public sealed record LambdaErrorDetail
{
    public string? ErrorCode { get; init; }

    public string? Message { get; init; }
}
