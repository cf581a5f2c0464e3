namespace Pipeline.GitHub.Environments;

/// <summary>A repository-level variable where GitHub differs from the declaration (missing, or another value).</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="GitHub">GitHub's value; null when GitHub has no such variable.</param>
/// <param name="Declared">The declared value.</param>
public sealed record RepositoryVariableChange(string Name, string? GitHub, string Declared)
{
    public override string ToString() =>
        $"repository variable {Name}: GitHub has {(GitHub is null ? "no such variable" : $"'{GitHub}'")}, the declaration says '{Declared}'";
}
