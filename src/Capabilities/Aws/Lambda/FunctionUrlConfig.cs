namespace Pipeline.Aws.Lambda;

/// <summary>
/// Input of Lambda <c>CreateFunctionUrlConfig</c>: an HTTPS front for an alias (<see cref="Qualifier"/>) or the
/// unqualified function; each HTTP request becomes an invocation through the alias's weights.
/// </summary>
public sealed record CreateFunctionUrlConfigRequest
{
    public required string FunctionName { get; init; }

    /// <summary>An alias name (function URLs exist for aliases and the unqualified function, not for versions).</summary>
    public string? Qualifier { get; init; }

    /// <summary><c>NONE</c> (public) or <c>AWS_IAM</c> (SigV4-signed requests only).</summary>
    public required string AuthType { get; init; }

    /// <summary><c>BUFFERED</c> (default) or <c>RESPONSE_STREAM</c>.</summary>
    public string? InvokeMode { get; init; }
}

/// <summary>Output of Lambda <c>CreateFunctionUrlConfig</c>: the URL and how it is reached.</summary>
public sealed record CreateFunctionUrlConfigResponse
{
    public string? FunctionUrl { get; init; }

    public string? FunctionArn { get; init; }

    public string? AuthType { get; init; }

    /// <summary>ISO 8601 text, as Lambda sends it.</summary>
    public string? CreationTime { get; init; }

    public string? InvokeMode { get; init; }
}
