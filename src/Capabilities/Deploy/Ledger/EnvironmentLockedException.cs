namespace Pipeline.Deploy.Ledger;

/// <summary>Another deploy holds the environment's lock and did not finish within the wait.</summary>
public sealed class EnvironmentLockedException : DeployException
{
    public EnvironmentLockedException(string message) : base(message) { }

    public EnvironmentLockedException(string message, Exception innerException) : base(message, innerException) { }

    public EnvironmentLockedException() { }
}
