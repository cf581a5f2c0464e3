namespace Pipeline.Migrations;

/// <summary>Pending migrations contain destructive (contract) changes and breaking changes were not allowed.</summary>
public sealed class BreakingChangeException : MigrationException
{
    public BreakingChangeException(string message, IReadOnlyList<BreakingChange> changes)
        : base(message)
    {
        Changes = changes;
    }

    public BreakingChangeException()
    {
    }

    public BreakingChangeException(string message)
        : base(message)
    {
    }

    public BreakingChangeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<BreakingChange> Changes { get; } = [];
}
