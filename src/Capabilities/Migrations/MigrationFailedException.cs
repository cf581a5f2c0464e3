namespace Pipeline.Migrations;

/// <summary>A migration's statement failed; the database stays at the last good version (see <see cref="LeftPartiallyApplied"/>).</summary>
public sealed class MigrationFailedException : MigrationException
{
    public MigrationFailedException(string message, MigrationIdentity migration, string? statement, string? sqlState, bool leftPartiallyApplied, Exception innerException)
        : base(message, innerException)
    {
        Migration = migration;
        Statement = statement;
        SqlState = sqlState;
        LeftPartiallyApplied = leftPartiallyApplied;
    }

    public MigrationFailedException()
    {
    }

    public MigrationFailedException(string message)
        : base(message)
    {
    }

    public MigrationFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public MigrationIdentity? Migration { get; }

    /// <summary>The failing statement's first line, trimmed.</summary>
    public string? Statement { get; }

    /// <summary>The PostgreSQL SQLSTATE (or "SQLite error N").</summary>
    public string? SqlState { get; }

    /// <summary>True for a migration without a transaction (TransactionBehavior.None) whose earlier statements stay applied.</summary>
    public bool LeftPartiallyApplied { get; }
}
