namespace Pipeline.Workflows.Yaml;

/// <summary>A tiny YAML document tree: just what workflows need, in the order it is to be written.</summary>
internal abstract record YamlNode;

internal enum ScalarKind
{
    /// <summary>A string: quoted when a plain scalar would read as something else.</summary>
    Text,

    /// <summary>A string GitHub converts anyway (env, with, outputs): <c>true</c>, <c>false</c> and integers stay plain.</summary>
    Loose,

    /// <summary>A boolean or number written as is.</summary>
    Literal,
}

internal sealed record YamlScalar(string Value, ScalarKind Kind = ScalarKind.Text, string? Comment = null) : YamlNode;

/// <summary>A key with no value (<c>workflow_dispatch:</c>).</summary>
internal sealed record YamlEmpty : YamlNode
{
    public static YamlEmpty Instance { get; } = new();
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, bool Flow = false) : YamlNode;

/// <summary>
/// One key and its value. A class, not a <c>KeyValuePair</c>: collections and LINQ over a struct are code the JIT compiles on
/// every run of the build (the framework's ahead-of-time code covers reference types only).
/// </summary>
internal sealed record YamlEntry(string Key, YamlNode Value);

internal sealed record YamlMapping(IReadOnlyList<YamlEntry> Entries, bool BlankLineBetween = false) : YamlNode;

/// <summary>Builds a mapping, skipping entries whose value is absent.</summary>
internal sealed class YamlMappingBuilder
{
    private readonly List<YamlEntry> _entries = [];

    public bool IsEmpty => _entries.Count == 0;

    public YamlMappingBuilder Add(string key, YamlNode? value)
    {
        if (value is not null)
        {
            _entries.Add(new(key, value));
        }

        return this;
    }

    public YamlMappingBuilder Add(string key, string? value, ScalarKind kind = ScalarKind.Text) =>
        Add(key, value is null ? null : new YamlScalar(value, kind));

    public YamlMappingBuilder Add(string key, bool? value) =>
        Add(key, value is null ? null : new YamlScalar(value.Value ? "true" : "false", ScalarKind.Literal));

    public YamlMappingBuilder Add(string key, int? value) =>
        Add(key, value is null ? null : new YamlScalar(value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ScalarKind.Literal));

    /// <summary>Adds a list as a sequence unless it is empty.</summary>
    public YamlMappingBuilder Add(string key, IReadOnlyList<string> values, bool flow = true) =>
        Add(key, values.Count == 0 ? null : new YamlSequence([.. values.Select(v => new YamlScalar(v))], flow));

    /// <summary>Adds a string map with keys sorted (ordinal) unless it is empty.</summary>
    public YamlMappingBuilder Add(string key, IReadOnlyDictionary<string, string> map, ScalarKind kind = ScalarKind.Loose) =>
        Add(key, map.Count == 0 ? null : Sorted(map, kind));

    public YamlMapping Build(bool blankLineBetween = false) => new([.. _entries], blankLineBetween);

    public static YamlMapping Sorted(IReadOnlyDictionary<string, string> map, ScalarKind kind = ScalarKind.Loose) =>
        new([.. map.Keys.Order(StringComparer.Ordinal).Select(key => new YamlEntry(key, new YamlScalar(map[key], kind)))]);
}
