namespace Pipeline.Workflows.Model;

public enum PermissionLevel
{
    None,
    Read,
    Write,
}

/// <summary>One scope of a <c>permissions:</c> map and its level.</summary>
public sealed record PermissionScope(string Name, PermissionLevel Level);

/// <summary>
/// A <c>permissions:</c> map of scope (<c>contents</c>, <c>id-token</c>, <c>deployments</c>, …) to level. Scopes not
/// listed get no access; <see cref="None"/> is written as <c>permissions: {}</c>. Kept as a list of records: collections
/// over the level (an enum, a struct) would be code the JIT compiles on every run of the build.
/// </summary>
public sealed record Permissions
{
    private readonly IReadOnlyList<PermissionScope> _scopes;

    private Permissions(IReadOnlyList<PermissionScope> scopes) => _scopes = scopes;

    public static Permissions None { get; } = new([]);

    /// <summary>The default for a job: read the repository, nothing else.</summary>
    public static Permissions ContentsRead { get; } = None.With("contents", PermissionLevel.Read);

    /// <summary>Scopes in ordinal order.</summary>
    public IReadOnlyList<PermissionScope> Scopes => _scopes;

    public PermissionLevel this[string scope] => _scopes.FirstOrDefault(s => s.Name == scope)?.Level ?? PermissionLevel.None;

    public Permissions With(string scope, PermissionLevel level) =>
        new([.. _scopes.Where(s => s.Name != scope).Append(new PermissionScope(scope, level)).OrderBy(s => s.Name, StringComparer.Ordinal)]);

    public bool Equals(Permissions? other) => other is not null && _scopes.SequenceEqual(other._scopes);

    public override int GetHashCode() => _scopes.Aggregate(0, (hash, s) => HashCode.Combine(hash, s));
}
