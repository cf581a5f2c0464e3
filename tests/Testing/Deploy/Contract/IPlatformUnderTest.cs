using Pipeline.Deploy;
using Pipeline.Deploy.Environments;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// A deployment platform under the platform contract: how to declare a throw-away environment of the sample on it,
/// what a deploy of the sample needs (published folder, image, migrations), and how to see what it left running.
/// </summary>
public interface IPlatformUnderTest
{
    /// <summary>The settings of a throw-away environment with its edge on these loopback ports.</summary>
    PlatformSettings Settings(int publicPort, int testPort);

    /// <summary>A deploy of the sample as <paramref name="version"/>: its artefacts, migrations and smoke tests.</summary>
    DeploySpec Spec(string version, string root, string environment);

    /// <summary>Arguments for the deploy driver (a child process a test can kill -9) that deploy the same artefacts.</summary>
    IReadOnlyList<string> DriverArtefacts { get; }

    /// <summary>How long a revision of the sample takes to become ready on this platform, at most.</summary>
    TimeSpan HealthTimeout { get; }

    /// <summary>What of <paramref name="environment"/> still runs on the platform (processes, containers), one line each.</summary>
    Task<IReadOnlyList<string>> RunningAsync(string root, string environment);
}
