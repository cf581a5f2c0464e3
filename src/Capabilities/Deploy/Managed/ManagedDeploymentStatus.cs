namespace Pipeline.Deploy.Managed;

/// <summary>A managed deployment's status, read leniently from the platform (unknown values are <see cref="Unknown"/>).</summary>
public enum ManagedDeploymentStatus
{
    Unknown,
    Pending,
    InProgress,
    Successful,
    Stopped,
    StopRequested,
    RollbackRequested,
    RollbackInProgress,
    RollbackSuccessful,
    RollbackFailed,
}
