using System.Reflection;

namespace Pipeline.Engine.Parameters;

/// <summary>One declared parameter: where it lives and how it is named on each source.</summary>
public sealed record ParameterDescriptor(MemberInfo Member, string Name, Type Type, string? Description, bool IsSecret)
{
    /// <summary>Exact names of further environment variables that bind the parameter (<see cref="ParameterAttribute.EnvironmentVariables"/>).</summary>
    public IReadOnlyList<string> ExtraEnvironmentVariables { get; init; } = [];

    /// <summary>The command-line spelling: <c>--coverage-threshold</c>.</summary>
    public string CliName => "--" + ParameterNames.Kebab(Name);

    /// <summary>The environment variable that binds it: <c>PIPELINE_COVERAGE_THRESHOLD</c>.</summary>
    public string EnvironmentName => ParameterNames.EnvironmentPrefix + ParameterNames.Kebab(Name).Replace('-', '_').ToUpperInvariant();

    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsFlag => ValueType == typeof(bool);
}
