namespace Pipeline.Engine.Parameters;

/// <summary>
/// Bound parameter values by member name. Component interfaces read theirs with
/// <c>[Parameter] int Retries => Parameters.Get(nameof(Retries), 3);</c> since interfaces cannot hold fields.
/// </summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _origins = new(StringComparer.OrdinalIgnoreCase);

    internal void Set(string name, object? value, string? origin = null)
    {
        _values[name] = value;
        if (origin is not null)
        {
            _origins[name] = origin;
        }
    }

    /// <summary>
    /// Where a bound value came from, for one-line errors about it: "from the command line", "from parameters.json",
    /// "from environment variable PIPELINE_ENVIRONMENT"; null when the parameter kept its default.
    /// </summary>
    public string? OriginOf(string name) => _origins.GetValueOrDefault(name);

    public bool IsSet(string name) => _values.ContainsKey(name);

    public T Get<T>(string name, T defaultValue) =>
        _values.TryGetValue(name, out var value) && value is T typed ? typed : defaultValue;

    public T? Get<T>(string name) => Get<T?>(name, default);
}
