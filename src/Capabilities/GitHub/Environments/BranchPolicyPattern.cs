namespace Pipeline.GitHub.Environments;

/// <summary>One custom deployment branch policy: a branch or tag name pattern (GitHub's <c>{name, type}</c>).</summary>
/// <param name="Name">The fnmatch pattern (<c>main</c>, <c>release/*</c>, <c>v*</c>).</param>
/// <param name="Type"><c>branch</c> or <c>tag</c>.</param>
public sealed record BranchPolicyPattern(string Name, string Type)
{
    public override string ToString() => Type == "tag" ? $"tag:{Name}" : Name;
}
