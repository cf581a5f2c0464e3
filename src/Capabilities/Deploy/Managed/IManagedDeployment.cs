namespace Pipeline.Deploy.Managed;

/// <summary>
/// One deployment on a managed platform, carrying the platform's identity for it (ECS: the service deployment ARN).
/// </summary>
public interface IManagedDeployment
{
    /// <summary>The platform's id of the deployment (ECS: <c>serviceDeploymentArn</c>).</summary>
    string Id { get; }

    /// <summary>
    /// Waits until the deployment's observed state differs from <paramref name="last"/> (stage, status, weights or
    /// gate), or is terminal, and returns it. Polls with backoff; never returns a state equal to <paramref name="last"/>
    /// unless it is terminal.
    /// </summary>
    Task<ManagedDeploymentState> WaitForChangeAsync(ManagedDeploymentState? last, CancellationToken cancellationToken);

    /// <summary>Lets the deployment go past the gate it waits at (ECS: <c>ContinueServiceDeployment</c> CONTINUE with the hook's id).</summary>
    Task ContinueAsync(GateWait gate, CancellationToken cancellationToken);

    /// <summary>
    /// Rolls the deployment back: at a gate, through the gate (ECS: <c>ContinueServiceDeployment</c> ROLLBACK),
    /// otherwise by stopping it (ECS: <c>StopServiceDeployment</c> ROLLBACK). Returns once the platform accepted it;
    /// wait with <see cref="WaitForChangeAsync"/> for the rollback to finish.
    /// </summary>
    Task RollbackAsync(ManagedDeploymentState current, string reason, CancellationToken cancellationToken);
}
