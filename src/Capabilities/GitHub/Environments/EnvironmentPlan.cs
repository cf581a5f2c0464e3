namespace Pipeline.GitHub.Environments;

/// <summary>The differences between the declared environments and GitHub, and what apply would write.</summary>
public sealed record EnvironmentPlan(GitHubRepository Repository, IReadOnlyList<EnvironmentChange> Environments)
{
    public IReadOnlyList<EnvironmentDifference> Differences => [.. Environments.SelectMany(e => e.Differences)];

    public IReadOnlyList<SecretWrite> SecretWrites => [.. Environments.SelectMany(e => e.SecretWrites)];

    public IReadOnlyList<string> Problems => [.. Environments.SelectMany(e => e.Problems)];

    /// <summary>True when GitHub matches the declaration (secrets by presence: their values cannot be read back).</summary>
    public bool InSync => Differences.Count == 0 && Problems.Count == 0;

    /// <summary>The plan as lines: one per difference, secret write and problem.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var lines = new List<string>();
        foreach (var environment in Environments)
        {
            lines.AddRange(environment.Differences.Select(d => d.ToString()));
            lines.AddRange(environment.SecretWrites.Select(s => s.ToString()));
            lines.AddRange(environment.Problems);
        }

        return lines;
    }
}
