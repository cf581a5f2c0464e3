namespace Pipeline.Aws.Lambda;

/// <summary>Input of Lambda <c>GetFunction</c>: a function, or one version or alias of it (<see cref="Qualifier"/>).</summary>
public sealed record GetFunctionRequest
{
    public required string FunctionName { get; init; }

    public string? Qualifier { get; init; }
}

/// <summary>Output of Lambda <c>GetFunction</c>: configuration, where the code is (the image and its resolved digest), tags.</summary>
public sealed record GetFunctionResponse
{
    public FunctionConfiguration? Configuration { get; init; }

    public FunctionCodeLocation? Code { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>Where a function's code is: for an image function, the image it was given and the digest Lambda resolved.</summary>
public sealed record FunctionCodeLocation
{
    /// <summary><c>ECR</c> for images, <c>S3</c> for .zip archives.</summary>
    public string? RepositoryType { get; init; }

    public string? Location { get; init; }

    public string? ImageUri { get; init; }

    public string? ResolvedImageUri { get; init; }
}

/// <summary>Input of Lambda <c>GetFunctionConfiguration</c> (<see cref="FunctionConfiguration"/> of a function, version or alias).</summary>
public sealed record GetFunctionConfigurationRequest
{
    public required string FunctionName { get; init; }

    public string? Qualifier { get; init; }
}
