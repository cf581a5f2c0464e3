namespace Pipeline.Deploy;

/// <summary>Thrown inside the engine when a stage decides the deployment must roll back.</summary>
internal sealed class RollbackRequiredException(RollbackReason reason) : Exception(reason.Message)
{
    public RollbackReason Reason { get; } = reason;
}
