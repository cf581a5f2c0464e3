namespace Pipeline.Engine.Parameters;

/// <summary>
/// Raw values from one source, keyed by normalized name (see <see cref="ParameterNames.Normalize"/>). A source that holds
/// more than parameters (the environment) does not claim its other keys: only the others report unknown ones.
/// </summary>
public sealed record ParameterSource(string Description, IReadOnlyDictionary<string, IReadOnlyList<string>> Values, bool HoldsOnlyParameters = true)
{
    /// <summary>Environment variables, matched case- and underscore-insensitively.</summary>
    public static ParameterSource FromEnvironment(IReadOnlyDictionary<string, string> variables) =>
        new("from environment variable", variables
            .GroupBy(v => ParameterNames.Normalize(v.Key))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[g.OrderBy(v => v.Key, StringComparer.Ordinal).First().Value]),
            HoldsOnlyParameters: false);
}
