namespace Pipeline.GitHub.Environments;

/// <summary>Compares a declared environment with GitHub's, field by field. Pure: no calls.</summary>
public static class EnvironmentPlanner
{
    /// <summary>
    /// The differences for one environment. Secrets are compared by presence (GitHub never returns values); declared
    /// secrets whose value is set on this machine are always written by apply.
    /// </summary>
    public static EnvironmentChange Compare(GitHubEnvironmentSpec declared, GitHubEnvironmentState github, Func<string, string?>? readVariable = null)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(github);
        readVariable ??= name => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var name = declared.Name;
        var settings = declared.Settings;
        var differences = new List<EnvironmentDifference>();
        var problems = new List<string>();
        void Differ(string field, string actual, string wanted) => differences.Add(new EnvironmentDifference(name, field, actual, wanted));

        if (Validate(declared) is { } invalid)
        {
            problems.Add(invalid);
        }

        if (!github.Exists)
        {
            Differ("environment", "no such environment", "it exists");
        }

        var wantedReviewers = Sorted(settings.Reviewers);
        var actualReviewers = Sorted(github.Reviewers);
        if (!wantedReviewers.SequenceEqual(actualReviewers, StringComparer.OrdinalIgnoreCase))
        {
            Differ("reviewers", List(actualReviewers, "no reviewers"), List(wantedReviewers, "no reviewers"));
        }

        // GitHub only keeps prevent_self_review with a reviewer rule; without reviewers it has no meaning.
        var wantedSelfReview = settings.PreventSelfReview && settings.Reviewers.Count > 0;
        if (wantedSelfReview != github.PreventSelfReview)
        {
            Differ("prevent_self_review", Text(github.PreventSelfReview), Text(wantedSelfReview));
        }

        var wantedWait = (int)Math.Round(settings.WaitTimer.TotalMinutes);
        if (wantedWait != github.WaitTimerMinutes)
        {
            Differ("wait_timer", $"{github.WaitTimerMinutes} min", $"{wantedWait} min");
        }

        var wantedPolicy = PolicyText(settings.BranchPolicy);
        var actualPolicy = github.ProtectedBranches is null ? "any branch" : github.ProtectedBranches == true ? "protected branches" : "custom patterns";
        if (wantedPolicy != actualPolicy)
        {
            Differ("deployment_branch_policy", actualPolicy, wantedPolicy);
        }

        var wantedPatterns = Patterns(settings.BranchPolicy).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList();
        var actualPatterns = github.CustomBranchPolicies ? github.BranchPatterns.Keys.Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList() : [];
        if (!wantedPatterns.SequenceEqual(actualPatterns, StringComparer.Ordinal))
        {
            Differ("branch policies", List(actualPatterns, "none"), List(wantedPatterns, "none"));
        }

        foreach (var (key, value) in settings.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!github.Variables.TryGetValue(key, out var actual))
            {
                Differ($"variable {key}", "no such variable", $"'{value}'");
            }
            else if (actual != value && !settings.Owns(key))
            {
                Differ($"variable {key}", $"'{actual}'", $"'{value}'");
            }
        }

        foreach (var extra in github.Variables.Keys.Where(k => !settings.Variables.Keys.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            Differ($"variable {extra}", $"'{github.Variables[extra]}'", "no such variable");
        }

        var writes = new List<SecretWrite>();
        foreach (var (secret, source) in settings.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var present = github.Secrets.Contains(secret);
            if (!present)
            {
                Differ($"secret {secret}", "no such secret", "it is set");
            }

            if (readVariable(source.EnvironmentVariable) is not null)
            {
                writes.Add(new SecretWrite(name, secret, source));
            }
            else if (!present)
            {
                problems.Add($"environment '{name}': secret {secret} is missing on GitHub and ${source.EnvironmentVariable} is not set here: set it and apply again");
            }
        }

        foreach (var extra in github.Secrets.Where(s => !settings.Secrets.Keys.Contains(s, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            Differ($"secret {extra}", "it is set", "no such secret");
        }

        return new EnvironmentChange(declared, github) { Differences = differences, SecretWrites = writes, Problems = problems };
    }

    /// <summary>Null when GitHub can hold the declaration; otherwise one line naming the environment and the problem.</summary>
    public static string? Validate(GitHubEnvironmentSpec declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var settings = declared.Settings;
        if (settings.Reviewers.FirstOrDefault(r => ReviewerName.TryParse(r) is null) is { } bad)
        {
            return $"environment '{declared.Name}': reviewer '{bad}' is neither a login nor org/team-slug";
        }

        if (settings.BranchPolicy is { ProtectedBranches: true } policy && (policy.BranchPatterns.Count > 0 || policy.TagPatterns.Count > 0))
        {
            return $"environment '{declared.Name}': a branch policy is either protected branches or named patterns, not both (GitHub allows one)";
        }

        if (settings.BranchPolicy is { ProtectedBranches: false, BranchPatterns.Count: 0, TagPatterns.Count: 0 })
        {
            return $"environment '{declared.Name}': the branch policy names no pattern: use DeploymentBranchPolicy.Protected, Branches(\"main\") or no policy";
        }

        return null;
    }

    /// <summary>The custom patterns a policy declares (none for protected branches or no policy).</summary>
    public static IReadOnlyList<BranchPolicyPattern> Patterns(DeploymentBranchPolicy? policy) =>
        policy is null || policy.ProtectedBranches
            ? []
            : [.. policy.BranchPatterns.Select(p => new BranchPolicyPattern(p, "branch")), .. policy.TagPatterns.Select(p => new BranchPolicyPattern(p, "tag"))];

    private static string PolicyText(DeploymentBranchPolicy? policy) =>
        policy is null ? "any branch" : policy.ProtectedBranches ? "protected branches" : "custom patterns";

    private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.OrdinalIgnoreCase)];

    private static string List(IReadOnlyCollection<string> values, string none) => values.Count == 0 ? none : "[" + string.Join(", ", values) + "]";

    private static string Text(bool value) => value ? "true" : "false";
}
