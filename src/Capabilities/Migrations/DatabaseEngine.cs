namespace Pipeline.Migrations;

/// <summary>The database engines the migrator runs against.</summary>
public enum DatabaseEngine
{
    /// <summary>PostgreSQL (Npgsql); concurrent runners are serialized by an advisory lock.</summary>
    PostgreSql,

    /// <summary>SQLite (Microsoft.Data.Sqlite), the local default; runners are serialized by a lock file beside the database.</summary>
    Sqlite,
}
