namespace Pipeline.Aws.Lambda;

/// <summary>
/// Input of Lambda <c>PublishVersion</c>: a version of <c>$LATEST</c> as it is now. When nothing changed since the last
/// version, Lambda returns that version instead of a new one. <see cref="CodeSha256"/> and <see cref="RevisionId"/>
/// make it publish only the code and configuration the caller expects.
/// </summary>
public sealed record PublishVersionRequest
{
    public required string FunctionName { get; init; }

    public string? CodeSha256 { get; init; }

    /// <summary>Up to 256 characters: what this version is (version, image digest, commit).</summary>
    public string? Description { get; init; }

    public string? RevisionId { get; init; }
}

/// <summary>Input of Lambda <c>ListVersionsByFunction</c>: one page of versions (<c>$LATEST</c> first), from <see cref="Marker"/>.</summary>
public sealed record ListVersionsByFunctionRequest
{
    public required string FunctionName { get; init; }

    public string? Marker { get; init; }

    /// <summary>1–10000 (Lambda answers 50 by default).</summary>
    public int? MaxItems { get; init; }
}

/// <summary>Output of Lambda <c>ListVersionsByFunction</c>.</summary>
public sealed record ListVersionsByFunctionResponse
{
    public IReadOnlyList<FunctionConfiguration> Versions { get; init; } = [];

    /// <summary>Pass as <see cref="ListVersionsByFunctionRequest.Marker"/> for the next page; null on the last.</summary>
    public string? NextMarker { get; init; }
}
