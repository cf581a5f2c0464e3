using System.Reflection;

namespace Pipeline.Migrations;

/// <summary>What to migrate and how carefully.</summary>
/// <param name="Engine">The database engine.</param>
/// <param name="ConnectionString">An ADO.NET connection string for <paramref name="Engine"/>.</param>
/// <param name="MigrationsAssembly">The assembly whose FluentMigrator <c>[Migration]</c> classes are applied.</param>
public sealed record MigratorOptions(DatabaseEngine Engine, string ConnectionString, Assembly MigrationsAssembly)
{
    /// <summary>Only migrations in exactly this namespace (not nested ones); null for all in the assembly.</summary>
    public string? Namespace { get; init; }

    /// <summary>How long to wait for another runner's lock before giving up.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the lock is polled (a blocking lock can deadlock with CREATE INDEX CONCURRENTLY).</summary>
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Serialize concurrent runners (on by default; off only to measure the lock's cost).</summary>
    public bool UseLock { get; init; } = true;

    /// <summary>PostgreSQL <c>statement_timeout</c> for every migration statement; null for the server default.</summary>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary>Accept applied migrations whose SQL changed since: record the new checksum and warn instead of failing.</summary>
    public bool AcceptDrift { get; init; }

    /// <summary>Apply destructive (contract) changes that the running blue version may not survive.</summary>
    public bool AllowBreaking { get; init; }
}
