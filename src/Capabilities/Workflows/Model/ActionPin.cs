namespace Pipeline.Workflows.Model;

/// <summary>
/// An action pinned to a full commit SHA; written as <c>owner/repo@sha # tag</c>. Local actions (<c>./path</c>) and
/// <c>docker://</c> images take an empty <see cref="Commit"/>.
/// </summary>
public sealed record ActionPin(string Action, string Commit, string Tag)
{
    public string Reference => Commit.Length == 0 ? Action : $"{Action}@{Commit}";

    public bool IsLocal => Action.StartsWith("./", StringComparison.Ordinal) || Action.StartsWith("docker://", StringComparison.Ordinal);
}
