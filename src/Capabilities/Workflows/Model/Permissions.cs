namespace Pipeline.Workflows.Model;

public enum PermissionLevel
{
    None,
    Read,
    Write,
}

/// <summary>
/// A <c>permissions:</c> map of scope (<c>contents</c>, <c>id-token</c>, <c>deployments</c>, …) to level. Scopes not
/// listed get no access; <see cref="None"/> is written as <c>permissions: {}</c>.
/// </summary>
public sealed record Permissions
{
    private readonly SortedDictionary<string, PermissionLevel> _scopes;

    private Permissions(SortedDictionary<string, PermissionLevel> scopes) => _scopes = scopes;

    public static Permissions None { get; } = new(new SortedDictionary<string, PermissionLevel>(StringComparer.Ordinal));

    /// <summary>The default for a job: read the repository, nothing else.</summary>
    public static Permissions ContentsRead { get; } = None.With("contents", PermissionLevel.Read);

    /// <summary>Scopes in ordinal order.</summary>
    public IReadOnlyDictionary<string, PermissionLevel> Scopes => _scopes;

    public PermissionLevel this[string scope] => _scopes.GetValueOrDefault(scope);

    public Permissions With(string scope, PermissionLevel level) =>
        new(new SortedDictionary<string, PermissionLevel>(_scopes, StringComparer.Ordinal) { [scope] = level });

    public bool Equals(Permissions? other) =>
        other is not null && _scopes.Count == other._scopes.Count
        && _scopes.All(s => other._scopes.TryGetValue(s.Key, out var level) && level == s.Value);

    public override int GetHashCode() => _scopes.Aggregate(0, (hash, s) => HashCode.Combine(hash, s.Key, s.Value));
}
