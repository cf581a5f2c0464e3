namespace Pipeline.Engine.Parameters;

/// <summary>One declared parameter: its names on each source, its type, and how to read and assign its member.</summary>
public sealed record ParameterDescriptor(string Name, Type Type, string? Description, bool IsSecret)
{
    /// <summary>Exact names of further environment variables that bind the parameter (<see cref="ParameterAttribute.EnvironmentVariables"/>).</summary>
    public IReadOnlyList<string> ExtraEnvironmentVariables { get; init; } = [];

    /// <summary>Reads the member on a build: its default before binding, its value after.</summary>
    public required Func<object, object?> Read { get; init; }

    /// <summary>
    /// Assigns a bound value to the member (fields and settable class properties); null for component properties,
    /// which read their value from <see cref="ParameterValues"/>.
    /// </summary>
    public Action<object, object?>? Inject { get; init; }

    /// <summary>The command-line spelling: <c>--coverage-threshold</c>.</summary>
    public string CliName => "--" + ParameterNames.Kebab(Name);

    /// <summary>The environment variable that binds it: <c>PIPELINE_COVERAGE_THRESHOLD</c>.</summary>
    public string EnvironmentName => ParameterNames.EnvironmentPrefix + ParameterNames.Kebab(Name).Replace('-', '_').ToUpperInvariant();

    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsFlag => ValueType == typeof(bool);
}
