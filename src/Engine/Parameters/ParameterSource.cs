namespace Pipeline.Engine.Parameters;

/// <summary>Raw values from one source, keyed by normalized name (see <see cref="ParameterNames.Normalize"/>).</summary>
public sealed record ParameterSource(string Description, IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    /// <summary>Environment variables, matched case- and underscore-insensitively.</summary>
    public static ParameterSource FromEnvironment(IReadOnlyDictionary<string, string> variables) =>
        new("from environment variable", variables
            .GroupBy(v => ParameterNames.Normalize(v.Key))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[g.OrderBy(v => v.Key, StringComparer.Ordinal).First().Value]));
}
