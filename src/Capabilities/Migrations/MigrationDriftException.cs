namespace Pipeline.Migrations;

/// <summary>Applied migrations were edited afterwards: their SQL no longer matches the stored checksum.</summary>
public sealed class MigrationDriftException : MigrationException
{
    public MigrationDriftException(string message, IReadOnlyList<MigrationIdentity> drifted)
        : base(message)
    {
        Drifted = drifted;
    }

    public MigrationDriftException()
    {
    }

    public MigrationDriftException(string message)
        : base(message)
    {
    }

    public MigrationDriftException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public IReadOnlyList<MigrationIdentity> Drifted { get; } = [];
}
