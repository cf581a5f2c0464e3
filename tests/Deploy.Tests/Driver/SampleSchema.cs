using Microsoft.Data.Sqlite;

namespace Pipeline.Deploy.Driver;

/// <summary>
/// Stand-in for the Migrate capability in these tests (which may not reference it): creates the sample's todos table
/// in a SQLite file, as its first migration does, from the PRE_SCALE_UP hook.
/// </summary>
public static class SampleSchema
{
    public static string ConnectionString(string databasePath) => $"Data Source={databasePath}";

    public static async Task EnsureAsync(string databasePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        await using var connection = new SqliteConnection(ConnectionString(databasePath));
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS todos (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                title TEXT NOT NULL,
                done INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL);
            PRAGMA journal_mode=WAL;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
