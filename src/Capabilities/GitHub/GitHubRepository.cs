using System.Text.RegularExpressions;

namespace Pipeline.GitHub;

/// <summary>A repository on GitHub: <c>owner/name</c>.</summary>
public sealed partial record GitHubRepository(string Owner, string Name)
{
    /// <summary>
    /// Parses <c>owner/name</c> or a git remote URL (<c>https://github.com/owner/name.git</c>,
    /// <c>git@github.com:owner/name.git</c>); null when it is neither.
    /// </summary>
    public static GitHubRepository? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Pattern().Match(text.Trim());
        return match.Success ? new GitHubRepository(match.Groups["owner"].Value, match.Groups["name"].Value) : null;
    }

    public override string ToString() => $"{Owner}/{Name}";

    [GeneratedRegex(@"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?[^/]+/|[^@\s]+@[^:\s]+:)?(?<owner>[A-Za-z0-9_.-]+)/(?<name>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")]
    private static partial Regex Pattern();
}
