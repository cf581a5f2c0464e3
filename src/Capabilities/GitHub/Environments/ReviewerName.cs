using System.Text.RegularExpressions;

namespace Pipeline.GitHub.Environments;

/// <summary>A declared reviewer: a user login (<c>octocat</c>) or a team (<c>org/team-slug</c>).</summary>
public sealed partial record ReviewerName(string? Organization, string Name)
{
    public bool IsTeam => Organization is not null;

    public static ReviewerName? TryParse(string text)
    {
        var match = Pattern().Match(text ?? "");
        return !match.Success ? null
            : match.Groups["org"].Success ? new ReviewerName(match.Groups["org"].Value, match.Groups["name"].Value)
            : new ReviewerName(null, match.Groups["name"].Value);
    }

    public override string ToString() => IsTeam ? $"{Organization}/{Name}" : Name;

    [GeneratedRegex("^(?:(?<org>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/)?(?<name>[A-Za-z0-9][A-Za-z0-9_.-]{0,99})$")]
    private static partial Regex Pattern();
}
