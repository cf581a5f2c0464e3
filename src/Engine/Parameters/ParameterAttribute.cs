namespace Pipeline.Engine.Parameters;

/// <summary>
/// Marks a field or property as a build parameter, bound (highest first) from the command line (<c>--my-value x</c>),
/// an environment variable (<c>MY_VALUE</c>, case- and underscore-insensitive), <c>.nuke/parameters.NAME.json</c> of
/// <c>--profile NAME</c>, <c>.nuke/parameters.json</c>, and finally the member's default.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the name derived from the member (<c>CoverageThreshold</c> → <c>--coverage-threshold</c>).</summary>
    public string? Name { get; init; }
}
