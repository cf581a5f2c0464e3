using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine.Tools;

namespace Pipeline.Components;

/// <summary>
/// A deploy never moves an environment to an older build: the commit deployed must not be an ancestor of the commit the
/// environment runs (a run of an older commit that finished late). The same commit deploys again; a commit on another
/// line of history (neither ancestor nor descendant) deploys. When git cannot tell (a shallow clone lacking one of the
/// commits) it says so and lets the deploy go on.
/// </summary>
public sealed class OlderBuildGuard(ToolRunner tools, TextWriter output)
{
    /// <summary>Throws a one-line <see cref="DeploySettingsException"/> when <paramref name="deploying"/> is older than <paramref name="active"/>.</summary>
    public async Task CheckAsync(string environment, string version, string deploying, Release active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(active);
        if (active.GitSha is not { Length: > 0 } current
            || current.StartsWith(deploying, StringComparison.OrdinalIgnoreCase) || deploying.StartsWith(current, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var ancestor = await tools.RunAsync("git", ["merge-base", "--is-ancestor", deploying, current], echo: false, allowFailure: true, cancellationToken: cancellationToken);
        if (ancestor.ExitCode == 0)
        {
            throw new DeploySettingsException(
                $"refused: {version} (commit {Short(deploying)}) is older than what '{environment}' runs, {active.Version} (commit {Short(current)}); "
                + $"a deploy never moves an environment back: ./build.sh Rollback --environment {environment} does");
        }

        if (ancestor.ExitCode != 1)
        {
            await output.WriteLineAsync(
                $"warning: cannot tell whether commit {Short(deploying)} is older than {Short(current)}, which '{environment}' runs (git merge-base exit {ancestor.ExitCode}); "
                + "fetch every commit (actions/checkout with fetch-depth: 0)");
        }
    }

    /// <summary>
    /// What <paramref name="environment"/> runs, or null when it cannot say: nothing deployed, or its platform not
    /// reachable yet (a rehearsal starts the local ECS as it deploys). Then the deploy goes on, with a warning for the
    /// latter: the deploy itself meets the platform and says what is wrong.
    /// </summary>
    public async Task<Release?> ActiveReleaseAsync(IPlatformEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return await environment.ActiveReleaseAsync(cancellationToken);
        }
        catch (DeployException e)
        {
            await output.WriteLineAsync($"warning: cannot tell what '{environment.Name}' runs, so whether this build is older is not checked: {e.Message}");
            return null;
        }
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
