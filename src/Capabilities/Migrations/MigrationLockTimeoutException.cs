namespace Pipeline.Migrations;

/// <summary>Another runner held the migration lock longer than <see cref="MigratorOptions.LockTimeout"/>.</summary>
public sealed class MigrationLockTimeoutException : MigrationException
{
    public MigrationLockTimeoutException(string message, string? holder)
        : base(message)
    {
        Holder = holder;
    }

    public MigrationLockTimeoutException()
    {
    }

    public MigrationLockTimeoutException(string message)
        : base(message)
    {
    }

    public MigrationLockTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Who holds the lock (pid, application, client, since when), when the database could tell.</summary>
    public string? Holder { get; }
}
