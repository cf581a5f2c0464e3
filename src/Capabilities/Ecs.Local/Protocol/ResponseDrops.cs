namespace Pipeline.Ecs.Local.Protocol;

/// <summary>The operations whose first answer is still to be dropped (<see cref="EcsLocalOptions.DropFirstResponseOf"/>).</summary>
internal sealed class ResponseDrops(IEnumerable<string> operations)
{
    private readonly HashSet<string> pending = new(operations, StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>True once per operation named: this answer is to be dropped.</summary>
    public bool TakeFirst(string operation)
    {
        lock (gate)
        {
            return pending.Remove(operation);
        }
    }
}
