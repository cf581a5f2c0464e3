using System.Reflection;

namespace Pipeline.Engine.Parameters;

/// <summary>One declared parameter: where it lives and how it is named on each source.</summary>
public sealed record ParameterDescriptor(MemberInfo Member, string Name, Type Type, string? Description, bool IsSecret)
{
    /// <summary>The command-line spelling: <c>--coverage-threshold</c>.</summary>
    public string CliName => "--" + ParameterNames.Kebab(Name);

    /// <summary>The conventional environment variable: <c>COVERAGE_THRESHOLD</c>.</summary>
    public string EnvironmentName => ParameterNames.Kebab(Name).Replace('-', '_').ToUpperInvariant();

    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsFlag => ValueType == typeof(bool);
}
