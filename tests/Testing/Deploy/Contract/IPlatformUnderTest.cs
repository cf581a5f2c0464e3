using Pipeline.Deploy;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Environments;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// A deployment platform under the platform contract: how to declare a throw-away environment of the sample on it,
/// what a deploy of the sample needs (published folder, image, migrations), and how to see what it left running. The
/// members with a body describe the platforms behind Pipeline's local edge; a managed platform (ECS) overrides them.
/// </summary>
public interface IPlatformUnderTest
{
    /// <summary>The settings of a throw-away environment with its listeners on these loopback ports.</summary>
    PlatformSettings Settings(int publicPort, int testPort);

    /// <summary>The settings of the throw-away environment named <paramref name="environment"/> (by default, those of <see cref="Settings(int, int)"/>).</summary>
    PlatformSettings Settings(string environment, int publicPort, int testPort) => Settings(publicPort, testPort);

    /// <summary>A deploy of the sample as <paramref name="version"/>: its artefacts, migrations and smoke tests.</summary>
    DeploySpec Spec(string version, string root, string environment);

    /// <summary>Arguments for the deploy driver (a child process a test can kill -9) that deploy the same artefacts.</summary>
    IReadOnlyList<string> DriverArtefacts { get; }

    /// <summary>Environment variables of the deploy driver's process (e.g. the cloud credentials the settings never hold).</summary>
    IReadOnlyDictionary<string, string> DriverEnvironment => new Dictionary<string, string>();

    /// <summary>How long a revision of the sample takes to become ready on this platform, at most.</summary>
    TimeSpan HealthTimeout { get; }

    /// <summary>What of <paramref name="environment"/> still runs on the platform (processes, containers, tasks), one line each.</summary>
    Task<IReadOnlyList<string>> RunningAsync(string root, string environment);

    /// <summary>Whether production traffic is split between the old and the new revision right now (20 to 99 % on the new one).</summary>
    async Task<bool> MidShiftAsync(ContractEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        return (await env.EdgeStateAsync()).Routes.WeightOf(EdgeColour.Green) is >= 20 and < 100;
    }

    /// <summary>
    /// What the platform shows once the deploying process was killed mid-shift (pid <paramref name="driverPid"/>), before
    /// the re-run: on the local platforms both colours still run and Status names the dead deploy and what the next
    /// Deploy will do about it.
    /// </summary>
    async Task AfterKillAsync(ContractEnvironment env, int driverPid)
    {
        ArgumentNullException.ThrowIfNull(env);
        Assert.Equal(2, (await RunningAsync(env.Root, env.Name)).Count);
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        env.Output.WriteLine(status);
        Assert.Contains("Deploy 2.0.0 by", status, StringComparison.Ordinal);
        Assert.Contains($": dead — the deploy that ran it (pid {driverPid}) is gone", status, StringComparison.Ordinal);
        Assert.Contains("the next Deploy puts production back on blue (1.0.0) and stops the orphan green (2.0.0)", status, StringComparison.Ordinal);
    }

    /// <summary>What the converging re-run after a kill -9 says about it: on the local platforms it cleaned up an orphan and the interrupted deploy is in the history.</summary>
    async Task AfterRerunAsync(ContractEnvironment env, DeploymentRecord rerun)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(rerun);
        Assert.Contains("orphan", rerun.Stages[0].Message, StringComparison.Ordinal);
        Assert.Contains("Interrupted", await env.Environment.StatusAsync(5, CancellationToken.None), StringComparison.Ordinal);
    }
}
