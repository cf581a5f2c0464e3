namespace Pipeline.Engine.Parameters;

/// <summary>
/// Raw values from one source, keyed by normalized name (see <see cref="ParameterNames.Normalize"/>). A source that holds
/// more than parameters (the environment) does not claim its other keys: only the others report unknown ones.
/// </summary>
public sealed record ParameterSource(string Description, IReadOnlyDictionary<string, IReadOnlyList<string>> Values, bool HoldsOnlyParameters = true)
{
    /// <summary>Where a key's value came from when the source has more than one origin (the environment's variable names).</summary>
    public IReadOnlyDictionary<string, string> Origins { get; init; } = new Dictionary<string, string>();

    /// <summary>The origin of one key, for messages: "from environment variable PIPELINE_RETRIES".</summary>
    public string Describe(string key) => Origins.GetValueOrDefault(key) ?? Description;

    /// <summary>
    /// The environment variables that bind the <paramref name="parameters"/>: <c>PIPELINE_&lt;NAME&gt;</c> (case- and
    /// underscore-insensitive after the prefix), then the exact names a parameter declares. Other variables are ignored.
    /// </summary>
    public static ParameterSource FromEnvironment(IReadOnlyDictionary<string, string> variables, IReadOnlyList<ParameterDescriptor> parameters)
    {
        // Plain loops and dictionaries of strings: generic code over a struct is compiled by the JIT on every start.
        var prefixed = new Dictionary<string, string>(); // normalized key → variable name
        foreach (var variable in variables)
        {
            if (variable.Key.Length <= ParameterNames.EnvironmentPrefix.Length
                || !variable.Key.StartsWith(ParameterNames.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Names that normalize alike (PIPELINE_DRY_RUN, pipeline_dryrun): the ordinally first one wins.
            var key = ParameterNames.Normalize(variable.Key[ParameterNames.EnvironmentPrefix.Length..]);
            if (!prefixed.TryGetValue(key, out var seen) || string.CompareOrdinal(variable.Key, seen) < 0)
            {
                prefixed[key] = variable.Key;
            }
        }

        var values = new Dictionary<string, IReadOnlyList<string>>();
        var origins = new Dictionary<string, string>();
        foreach (var parameter in parameters)
        {
            var key = ParameterNames.Normalize(parameter.Name);
            var found = prefixed.TryGetValue(key, out var variable) ? variable : null;
            foreach (var name in parameter.ExtraEnvironmentVariables)
            {
                if (found is null && variables.ContainsKey(name))
                {
                    found = name;
                }
            }

            if (found is not null)
            {
                values[key] = [variables[found]];
                origins[key] = "from environment variable " + found;
            }
        }

        return new ParameterSource("from environment variable", values, HoldsOnlyParameters: false) { Origins = origins };
    }
}
