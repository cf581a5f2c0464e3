namespace Pipeline.Deploy.Managed;

/// <summary>A gate the deployment waits at now: which, the platform's id for this wait (ECS: <c>hookId</c>), and when it times out.</summary>
public sealed record GateWait(DeploymentGate Gate, string WaitId, DateTimeOffset? ExpiresAt);
