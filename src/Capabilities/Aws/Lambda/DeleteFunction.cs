namespace Pipeline.Aws.Lambda;

/// <summary>Input of Lambda <c>DeleteFunction</c>: the whole function, or one version (<see cref="Qualifier"/>; not an alias, not <c>$LATEST</c>).</summary>
public sealed record DeleteFunctionRequest
{
    public required string FunctionName { get; init; }

    public string? Qualifier { get; init; }
}

/// <summary>Output of Lambda <c>DeleteFunction</c>: the HTTP status (204 once deleted).</summary>
public sealed record DeleteFunctionResponse
{
    public int? StatusCode { get; init; }
}
