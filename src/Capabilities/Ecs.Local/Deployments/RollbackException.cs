namespace Pipeline.Ecs.Local.Deployments;

/// <summary>Thrown inside a deployment run to roll it back; <paramref name="finalStatus"/> overrides ROLLBACK_SUCCESSFUL (STOPPED when superseded).</summary>
internal sealed class RollbackException(string reason, string? finalStatus = null) : Exception(reason)
{
    public string? FinalStatus { get; } = finalStatus;
}
