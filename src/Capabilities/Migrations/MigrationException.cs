namespace Pipeline.Migrations;

/// <summary>A migration run failed for a reason a human can act on; <see cref="Exception.Message"/> is one line.</summary>
public class MigrationException : Exception
{
    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public MigrationException()
    {
    }
}
