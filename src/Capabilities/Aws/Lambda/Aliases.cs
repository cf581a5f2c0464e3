namespace Pipeline.Aws.Lambda;

/// <summary>Input of Lambda <c>CreateAlias</c>: a name for <see cref="FunctionVersion"/>, optionally with weighted routing.</summary>
public sealed record CreateAliasRequest
{
    public required string FunctionName { get; init; }

    public required string Name { get; init; }

    public required string FunctionVersion { get; init; }

    public string? Description { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }
}

/// <summary>Input of Lambda <c>GetAlias</c>.</summary>
public sealed record GetAliasRequest
{
    public required string FunctionName { get; init; }

    public required string Name { get; init; }
}

/// <summary>
/// Input of Lambda <c>UpdateAlias</c>: the version and routing to set (null members are left as they are;
/// <see cref="AliasRoutingConfiguration.None"/> clears the weights), only if the alias is still at <see cref="RevisionId"/>.
/// </summary>
public sealed record UpdateAliasRequest
{
    public required string FunctionName { get; init; }

    public required string Name { get; init; }

    public string? FunctionVersion { get; init; }

    public string? Description { get; init; }

    public AliasRoutingConfiguration? RoutingConfig { get; init; }

    /// <summary>The alias's <see cref="AliasConfiguration.RevisionId"/> as last read: a concurrent change makes the update fail (<c>PreconditionFailedException</c>).</summary>
    public string? RevisionId { get; init; }
}

/// <summary>Input of Lambda <c>ListAliases</c>: one page of a function's aliases, optionally only those of one version.</summary>
public sealed record ListAliasesRequest
{
    public required string FunctionName { get; init; }

    public string? FunctionVersion { get; init; }

    public string? Marker { get; init; }

    public int? MaxItems { get; init; }
}

/// <summary>Output of Lambda <c>ListAliases</c>.</summary>
public sealed record ListAliasesResponse
{
    public IReadOnlyList<AliasConfiguration> Aliases { get; init; } = [];

    public string? NextMarker { get; init; }
}
