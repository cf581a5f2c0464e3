namespace Pipeline.Migrations;

/// <summary>A requested version is not a migration in the assembly, or a rollback asks for more than is applied.</summary>
public sealed class UnknownMigrationVersionException : MigrationException
{
    public UnknownMigrationVersionException(string message)
        : base(message)
    {
    }

    public UnknownMigrationVersionException()
    {
    }

    public UnknownMigrationVersionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
