namespace Pipeline.Migrations;

/// <summary>The database could not be reached or refused the login.</summary>
public sealed class DatabaseConnectionException : MigrationException
{
    public DatabaseConnectionException(string message, string? sqlState, Exception? innerException)
        : base(message, innerException)
    {
        SqlState = sqlState;
    }

    public DatabaseConnectionException()
    {
    }

    public DatabaseConnectionException(string message)
        : base(message)
    {
    }

    public DatabaseConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server's SQLSTATE (e.g. 28P01 for a wrong password); null when no server answered.</summary>
    public string? SqlState { get; }
}
