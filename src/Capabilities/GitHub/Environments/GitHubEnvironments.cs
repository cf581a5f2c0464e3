using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Pipeline.GitHub.Api;

namespace Pipeline.GitHub.Environments;

/// <summary>
/// Environments as code: reads a repository's environments (protection rules, branch policies, variables, secret
/// names), plans the differences with the declaration, and applies them — reviewers resolved to ids, secrets sealed for
/// the environment's public key.
/// </summary>
public sealed class GitHubEnvironments(GitHubApi api, ILogger logger)
{
    private static readonly GitHubPermission Admin = GitHubPermission.Administration;

    /// <summary>Reads GitHub's side of every declared environment and compares; changes nothing.</summary>
    public async Task<EnvironmentPlan> PlanAsync(IReadOnlyList<GitHubEnvironmentSpec> declared, CancellationToken cancellationToken, Func<string, string?>? readVariable = null)
    {
        ArgumentNullException.ThrowIfNull(declared);
        await api.EnsureRepositoryAsync(cancellationToken);
        var changes = new List<EnvironmentChange>();
        foreach (var environment in declared)
        {
            var state = await ReadAsync(environment.Name, cancellationToken);
            changes.Add(EnvironmentPlanner.Compare(environment, state, readVariable));
        }

        return new EnvironmentPlan(api.Repository, changes);
    }

    /// <summary>What GitHub has for the environment named <paramref name="name"/>.</summary>
    public async Task<GitHubEnvironmentState> ReadAsync(string name, CancellationToken cancellationToken)
    {
        JsonElement environment;
        try
        {
            environment = await api.GetAsync(EnvironmentPath(name), $"reading environment '{name}'", Admin, cancellationToken) ?? default;
        }
        catch (GitHubException e) when (e.InnerException is Octokit.NotFoundException)
        {
            return GitHubEnvironmentState.Missing(name);
        }

        var reviewers = new List<string>();
        var preventSelfReview = false;
        var wait = 0;
        foreach (var rule in environment.Items("protection_rules"))
        {
            switch (rule.String("type"))
            {
                case "required_reviewers":
                    preventSelfReview = rule.Bool("prevent_self_review") ?? false;
                    foreach (var reviewer in rule.Items("reviewers"))
                    {
                        var who = reviewer.Member("reviewer") ?? default;
                        reviewers.Add(reviewer.String("type") == "Team" ? $"{api.Repository.Owner}/{who.String("slug")}" : who.String("login") ?? "?");
                    }

                    break;
                case "wait_timer":
                    wait = (int)(rule.Long("wait_timer") ?? 0);
                    break;
            }
        }

        var policy = environment.Member("deployment_branch_policy");
        var custom = policy?.Bool("custom_branch_policies") ?? false;
        var patterns = new Dictionary<BranchPolicyPattern, long>();
        if (custom)
        {
            await foreach (var item in api.PagesAsync($"{EnvironmentPath(name)}/deployment-branch-policies", "branch_policies", $"reading the branch policies of '{name}'", Admin, cancellationToken))
            {
                patterns[new BranchPolicyPattern(item.String("name") ?? "", item.String("type") ?? "branch")] = item.Long("id") ?? 0;
            }
        }

        var variables = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in api.PagesAsync($"{EnvironmentPath(name)}/variables", "variables", $"reading the variables of '{name}'", Admin, cancellationToken))
        {
            variables[item.String("name") ?? ""] = item.String("value") ?? "";
        }

        var secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in api.PagesAsync($"{EnvironmentPath(name)}/secrets", "secrets", $"reading the secret names of '{name}'", Admin, cancellationToken))
        {
            secrets.Add(item.String("name") ?? "");
        }

        return new GitHubEnvironmentState(name)
        {
            Reviewers = reviewers,
            PreventSelfReview = preventSelfReview,
            WaitTimerMinutes = wait,
            ProtectedBranches = policy?.Bool("protected_branches"),
            CustomBranchPolicies = custom,
            BranchPatterns = patterns,
            Variables = variables,
            Secrets = secrets,
        };
    }

    /// <summary>
    /// Makes GitHub match the plan: the environment and its protection, branch patterns, variables, secrets. Returns one
    /// line per change made; fails at the end when something could not be applied (a secret without a value here).
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(EnvironmentPlan plan, CancellationToken cancellationToken, Func<string, string?>? readVariable = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        readVariable ??= name => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        if (plan.Environments.Select(e => EnvironmentPlanner.Validate(e.Declared)).FirstOrDefault(p => p is not null) is { } invalid)
        {
            throw new GitHubException(invalid);
        }

        var done = new List<string>();
        var resolver = new ReviewerResolver(api);
        foreach (var change in plan.Environments)
        {
            var name = change.Declared.Name;
            var settings = change.Declared.Settings;
            if (change.ProtectionChanges)
            {
                var reviewers = new List<object>();
                foreach (var reviewer in settings.Reviewers)
                {
                    reviewers.Add(await resolver.ResolveAsync(name, reviewer, cancellationToken));
                }

                var body = new Dictionary<string, object?>
                {
                    ["wait_timer"] = (int)Math.Round(settings.WaitTimer.TotalMinutes),
                    ["prevent_self_review"] = settings.PreventSelfReview && reviewers.Count > 0,
                    ["reviewers"] = reviewers,
                    ["deployment_branch_policy"] = settings.BranchPolicy is null
                        ? null
                        : new Dictionary<string, bool>
                        {
                            ["protected_branches"] = settings.BranchPolicy.ProtectedBranches,
                            ["custom_branch_policies"] = !settings.BranchPolicy.ProtectedBranches,
                        },
                };
                await api.SendAsync(HttpMethod.Put, EnvironmentPath(name), body, $"writing environment '{name}'", Admin, cancellationToken);
                done.Add(change.GitHub.Exists
                    ? $"environment '{name}': protection updated ({string.Join(", ", change.Differences.Select(d => d.Field).Where(f => f is "reviewers" or "prevent_self_review" or "wait_timer" or "deployment_branch_policy"))})"
                    : $"environment '{name}': created");
            }

            await ApplyPatternsAsync(change, done, cancellationToken);
            await ApplyVariablesAsync(change, done, cancellationToken);
            await ApplySecretsAsync(change, readVariable, done, cancellationToken);
        }

        logger.LogDebug("Applied {Count} changes to {Repository}", done.Count, plan.Repository);
        if (plan.Problems.Count > 0)
        {
            throw new GitHubException(plan.Problems.Count == 1 ? plan.Problems[0] : $"{plan.Problems.Count} problems left after apply: {string.Join("; ", plan.Problems)}");
        }

        return done;
    }

    private async Task ApplyPatternsAsync(EnvironmentChange change, List<string> done, CancellationToken cancellationToken)
    {
        var name = change.Declared.Name;
        var wanted = EnvironmentPlanner.Patterns(change.Declared.Settings.BranchPolicy);
        if (wanted.Count == 0)
        {
            return; // no custom policy: GitHub drops the patterns with custom_branch_policies false
        }

        var existing = change.GitHub.CustomBranchPolicies ? change.GitHub.BranchPatterns : new Dictionary<BranchPolicyPattern, long>();
        foreach (var pattern in wanted.Where(p => !existing.ContainsKey(p)))
        {
            await api.SendAsync(HttpMethod.Post, $"{EnvironmentPath(name)}/deployment-branch-policies", new { name = pattern.Name, type = pattern.Type }, $"adding branch policy '{pattern}' to '{name}'", Admin, cancellationToken);
            done.Add($"environment '{name}': branch policy {pattern} added");
        }

        foreach (var (pattern, id) in existing.Where(p => !wanted.Contains(p.Key)))
        {
            await api.DeleteAsync($"{EnvironmentPath(name)}/deployment-branch-policies/{id.ToString(CultureInfo.InvariantCulture)}", $"removing branch policy '{pattern}' from '{name}'", Admin, cancellationToken);
            done.Add($"environment '{name}': branch policy {pattern} removed");
        }
    }

    private async Task ApplyVariablesAsync(EnvironmentChange change, List<string> done, CancellationToken cancellationToken)
    {
        var name = change.Declared.Name;
        var actual = change.GitHub.Variables;
        foreach (var (key, value) in change.Declared.Settings.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(key, out var current))
            {
                await api.SendAsync(HttpMethod.Post, $"{EnvironmentPath(name)}/variables", new { name = key, value }, $"creating variable {key} of '{name}'", Admin, cancellationToken);
                done.Add($"environment '{name}': variable {key} created");
            }
            else if (current != value && !change.Declared.Settings.Owns(key))
            {
                await api.SendAsync(HttpMethod.Patch, $"{EnvironmentPath(name)}/variables/{Uri.EscapeDataString(key)}", new { name = key, value }, $"updating variable {key} of '{name}'", Admin, cancellationToken);
                done.Add($"environment '{name}': variable {key} updated");
            }
        }

        foreach (var extra in actual.Keys.Where(k => !change.Declared.Settings.Variables.Keys.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            await api.DeleteAsync($"{EnvironmentPath(name)}/variables/{Uri.EscapeDataString(extra)}", $"deleting variable {extra} of '{name}'", Admin, cancellationToken);
            done.Add($"environment '{name}': variable {extra} deleted (not declared)");
        }
    }

    private async Task ApplySecretsAsync(EnvironmentChange change, Func<string, string?> readVariable, List<string> done, CancellationToken cancellationToken)
    {
        var name = change.Declared.Name;
        if (change.SecretWrites.Count > 0)
        {
            var key = await api.GetAsync($"{EnvironmentPath(name)}/secrets/public-key", $"reading the secrets public key of '{name}'", Admin, cancellationToken) ?? default;
            var (keyId, publicKey) = (key.String("key_id") ?? "", key.String("key") ?? "");
            foreach (var write in change.SecretWrites)
            {
                if (readVariable(write.Source.EnvironmentVariable) is not { } value)
                {
                    continue;
                }

                var sealedValue = SecretSealer.Seal(value, publicKey);
                await api.SendAsync(
                    HttpMethod.Put,
                    $"{EnvironmentPath(name)}/secrets/{Uri.EscapeDataString(write.Name)}",
                    new { encrypted_value = sealedValue, key_id = keyId },
                    $"writing secret {write.Name} of '{name}'",
                    Admin,
                    cancellationToken);
                done.Add($"environment '{name}': secret {write.Name} written (encrypted, value from ${write.Source.EnvironmentVariable})");
            }
        }

        foreach (var extra in change.GitHub.Secrets.Where(s => !change.Declared.Settings.Secrets.Keys.Contains(s, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            await api.DeleteAsync($"{EnvironmentPath(name)}/secrets/{Uri.EscapeDataString(extra)}", $"deleting secret {extra} of '{name}'", Admin, cancellationToken);
            done.Add($"environment '{name}': secret {extra} deleted (not declared)");
        }
    }

    private string EnvironmentPath(string name) => $"{api.RepositoryPath}/environments/{Uri.EscapeDataString(name)}";
}
