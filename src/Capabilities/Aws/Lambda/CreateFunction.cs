namespace Pipeline.Aws.Lambda;

/// <summary>
/// Input of Lambda <c>CreateFunction</c>: for a container image function, <see cref="PackageType"/> <c>Image</c> and
/// <see cref="FunctionCode.ImageUri"/> (by digest). Answered with the function's <see cref="FunctionConfiguration"/>
/// (<c>State</c> <c>Pending</c> until it is ready).
/// </summary>
public sealed record CreateFunctionRequest
{
    public required string FunctionName { get; init; }

    /// <summary>The execution role's ARN.</summary>
    public required string Role { get; init; }

    public required FunctionCode Code { get; init; }

    /// <summary><see cref="LambdaValues.PackageType"/>; <c>Image</c> for a container image.</summary>
    public string? PackageType { get; init; }

    public string? Description { get; init; }

    /// <summary>Seconds an invocation may run (1–900).</summary>
    public int? Timeout { get; init; }

    /// <summary>MB (128–10240).</summary>
    public int? MemorySize { get; init; }

    /// <summary>Publishes version 1 with the creation.</summary>
    public bool? Publish { get; init; }

    public LambdaEnvironment? Environment { get; init; }

    public ImageConfig? ImageConfig { get; init; }

    /// <summary><c>x86_64</c> or <c>arm64</c> (one).</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public EphemeralStorage? EphemeralStorage { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>Where a new function's code is: an image URI for <c>Image</c> functions.</summary>
public sealed record FunctionCode
{
    /// <summary>An ECR image, by digest: <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:…</c>.</summary>
    public string? ImageUri { get; init; }
}
