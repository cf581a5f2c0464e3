namespace Pipeline.Aws.Lambda;

/// <summary>
/// Input of Lambda <c>UpdateFunctionCode</c>: a new image (by digest) for <c>$LATEST</c>. The function's
/// <c>LastUpdateStatus</c> is <c>InProgress</c> until the change is done; a further change before then is refused with
/// <c>ResourceConflictException</c> (the client waits that out, within its budget).
/// </summary>
public sealed record UpdateFunctionCodeRequest
{
    public required string FunctionName { get; init; }

    public string? ImageUri { get; init; }

    /// <summary>Publishes a version with the update.</summary>
    public bool? Publish { get; init; }

    /// <summary>Checks the request without changing the function.</summary>
    public bool? DryRun { get; init; }

    /// <summary>Updates only when the function's <see cref="FunctionConfiguration.RevisionId"/> is still this one.</summary>
    public string? RevisionId { get; init; }

    public IReadOnlyList<string>? Architectures { get; init; }
}

/// <summary>Input of Lambda <c>UpdateFunctionConfiguration</c>: the settings to change (others are left as they are).</summary>
public sealed record UpdateFunctionConfigurationRequest
{
    public required string FunctionName { get; init; }

    public string? Role { get; init; }

    public string? Description { get; init; }

    public int? Timeout { get; init; }

    public int? MemorySize { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    /// <summary>Replaces all the function's environment variables.</summary>
    public LambdaEnvironment? Environment { get; init; }

    public ImageConfig? ImageConfig { get; init; }

    public EphemeralStorage? EphemeralStorage { get; init; }

    /// <summary>Updates only when the function's <see cref="FunctionConfiguration.RevisionId"/> is still this one.</summary>
    public string? RevisionId { get; init; }
}
