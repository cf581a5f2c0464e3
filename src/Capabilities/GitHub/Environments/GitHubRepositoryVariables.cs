using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Environments;

/// <summary>
/// The repository-level Actions variables the workflows read outside any environment (the image job's
/// <c>ECR_REPOSITORY</c>, <c>AWS_REGION</c>, <c>AWS_ROLE_ARN</c>): compared with the declaration and applied. Variables
/// the declaration does not name are the repository's own and are left alone.
/// </summary>
public sealed class GitHubRepositoryVariables(GitHubApi api)
{
    private string VariablesPath => $"{api.RepositoryPath}/actions/variables";

    /// <summary>One change per declared variable GitHub lacks or holds with another value.</summary>
    public async Task<IReadOnlyList<RepositoryVariableChange>> PlanAsync(IReadOnlyDictionary<string, string> declared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declared);
        if (declared.Count == 0)
        {
            return [];
        }

        var onGitHub = await ReadAsync(cancellationToken);
        return
        [
            .. declared.OrderBy(v => v.Key, StringComparer.Ordinal)
                .Where(v => !onGitHub.TryGetValue(v.Key, out var value) || value != v.Value)
                .Select(v => new RepositoryVariableChange(v.Key, onGitHub.GetValueOrDefault(v.Key), v.Value)),
        ];
    }

    /// <summary>Creates or updates each changed variable; one line per change.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyList<RepositoryVariableChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var done = new List<string>();
        foreach (var change in changes)
        {
            if (change.GitHub is null)
            {
                await api.SendAsync(HttpMethod.Post, VariablesPath, new { name = change.Name, value = change.Declared }, $"creating repository variable {change.Name}", GitHubPermission.Administration, cancellationToken);
                done.Add($"repository variable {change.Name} created");
            }
            else
            {
                await api.SendAsync(HttpMethod.Patch, $"{VariablesPath}/{Uri.EscapeDataString(change.Name)}", new { name = change.Name, value = change.Declared }, $"updating repository variable {change.Name}", GitHubPermission.Administration, cancellationToken);
                done.Add($"repository variable {change.Name} updated");
            }
        }

        return done;
    }

    private async Task<Dictionary<string, string>> ReadAsync(CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in api.PagesAsync(VariablesPath, "variables", "reading the repository variables", GitHubPermission.Administration, cancellationToken))
        {
            variables[item.String("name") ?? ""] = item.String("value") ?? "";
        }

        return variables;
    }
}
