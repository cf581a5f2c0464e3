namespace Pipeline.GitHub.Environments;

/// <summary>
/// Whether GitHub can hold an environment's required reviewers and wait timer. In a public repository every plan can;
/// in a private or internal one only GitHub Enterprise can: on Free, Pro and Team GitHub refuses them
/// (<c>422 Fail to create protected rule, please ensure billing plan include protected branch gate</c>), and a gate
/// that was never created does not exist.
/// </summary>
public static class ProtectionAvailability
{
    /// <summary>
    /// A line saying what the gate becomes when <paramref name="visibility"/> (GitHub's <c>visibility</c> of the
    /// repository) may not hold the protection <paramref name="environment"/> declares; null when it can.
    /// </summary>
    public static string? Note(string? visibility, GitHubEnvironmentSpec environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (visibility is not ("private" or "internal") || (!environment.Settings.RequiresApproval && environment.Settings.WaitTimer == TimeSpan.Zero))
        {
            return null;
        }

        return $"environment '{environment.Name}': the repository is {visibility}: GitHub holds required reviewers and wait timers of a {visibility} repository only on "
            + "GitHub Enterprise; on Free, Pro or Team it refuses them, and the gate becomes the branch policy alone (anyone who can push to "
            + $"{Branches(environment.Settings.BranchPolicy)} deploys it): make the repository public, move to GitHub Enterprise, or deploy "
            + $"'{environment.Name}' by hand after review (./build.sh Deploy --environment {environment.Name})";
    }

    /// <summary>True when GitHub's refusal says the plan cannot hold the protection rules.</summary>
    public static bool IsPlanRefusal(GitHubException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Message.Contains("billing plan", StringComparison.OrdinalIgnoreCase)
            || exception.Message.Contains("protected rule", StringComparison.OrdinalIgnoreCase);
    }

    private static string Branches(DeploymentBranchPolicy? policy) => policy switch
    {
        null => "any branch",
        { ProtectedBranches: true } => "a protected branch",
        _ => string.Join(", ", policy.BranchPatterns.Concat(policy.TagPatterns)),
    };
}
