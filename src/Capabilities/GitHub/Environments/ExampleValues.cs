using System.Text.RegularExpressions;

namespace Pipeline.GitHub.Environments;

/// <summary>
/// Values a copied template still holds from its examples and that must be the repository's own before anything is
/// applied: AWS's documentation account <c>123456789012</c>, this repository's example reviewer team
/// <c>pipeline-dev/release-managers</c>, and URLs on the domains reserved for examples (RFC 2606: <c>example.com</c>,
/// <c>example.org</c>, <c>example.net</c>, <c>*.example</c>).
/// </summary>
public static partial class ExampleValues
{
    public const string ExampleAccount = "123456789012";
    public const string ExampleTeam = "pipeline-dev/release-managers";

    /// <summary>Why <paramref name="value"/> is an example, or null when it is not one.</summary>
    public static string? Why(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Contains(ExampleAccount, StringComparison.Ordinal))
        {
            return $"the example AWS account {ExampleAccount}";
        }

        if (string.Equals(value, ExampleTeam, StringComparison.OrdinalIgnoreCase))
        {
            return "the template's example team";
        }

        return ExampleHost().Match(value) is { Success: true } host ? $"an example domain ({host.Groups["host"].Value})" : null;
    }

    /// <summary>
    /// One line per example value in the declared environments (reviewers, variables) and the repository variables,
    /// naming where it is declared.
    /// </summary>
    public static IReadOnlyList<string> Find(IEnumerable<GitHubEnvironmentSpec> environments, IReadOnlyDictionary<string, string> repositoryVariables)
    {
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(repositoryVariables);
        var lines = new List<string>();
        foreach (var (name, value) in repositoryVariables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (Why(value) is { } why)
            {
                lines.Add($"repository variable {name} '{value}' is {why}");
            }
        }

        foreach (var environment in environments)
        {
            foreach (var reviewer in environment.Settings.Reviewers)
            {
                if (Why(reviewer) is { } why)
                {
                    lines.Add($"environment '{environment.Name}': reviewer '{reviewer}' is {why}");
                }
            }

            foreach (var (name, value) in environment.Settings.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                if (Why(value) is { } why)
                {
                    lines.Add($"environment '{environment.Name}': variable {name} '{value}' is {why}");
                }
            }
        }

        return lines;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://(?<host>[^/:?#]*\b(?:example\.(?:com|org|net)|\.example))(?:[:/?#]|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ExampleHost();
}
