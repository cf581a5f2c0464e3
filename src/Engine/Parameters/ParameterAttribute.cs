namespace Pipeline.Engine.Parameters;

/// <summary>
/// Marks a field or property as a build parameter, bound (highest first) from the command line (<c>--my-value x</c>),
/// an environment variable (<c>PIPELINE_MY_VALUE</c>, case- and underscore-insensitive after the prefix, then the
/// variables named in <see cref="EnvironmentVariables"/>), <c>.nuke/parameters.NAME.json</c> of <c>--profile NAME</c>,
/// <c>.nuke/parameters.json</c>, and finally the member's default. Unprefixed variables never bind by their name alone,
/// so a shell's <c>ENVIRONMENT=production</c> set for another tool cannot retarget a build.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>Overrides the name derived from the member (<c>CoverageThreshold</c> → <c>--coverage-threshold</c>).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Exact names of other environment variables that also bind this parameter, after <c>PIPELINE_NAME</c>, in order
    /// (variables a CI system provides, e.g. <c>GITHUB_TOKEN</c>).
    /// </summary>
    public string[] EnvironmentVariables { get; init; } = [];
}
