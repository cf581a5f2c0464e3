using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Pipeline.Migrations.Database;

/// <summary>What differs between PostgreSQL and SQLite: connecting, locking, error codes, schema inspection.</summary>
internal abstract class MigrationDatabase : IAsyncDisposable
{
    public abstract DbConnection Connection { get; }

    /// <summary>Where, for messages: "PostgreSQL host:port/database" or "SQLite file".</summary>
    public abstract string Display { get; }

    public abstract string VersionTable { get; }

    public abstract string ChecksumTable { get; }

    public static MigrationDatabase Create(MigratorOptions options) => options.Engine switch
    {
        DatabaseEngine.PostgreSql => new PostgresDatabase(options.ConnectionString),
        _ => new SqliteDatabase(options.ConnectionString),
    };

    /// <summary>Opens the connection; a failure becomes a one-line <see cref="DatabaseConnectionException"/>.</summary>
    public abstract Task OpenAsync(TimeSpan? statementTimeout, CancellationToken cancellationToken);

    public abstract Task<bool> TableExistsAsync(string unqualifiedName, CancellationToken cancellationToken);

    public abstract Task<LockLease> LockAsync(MigratorOptions options, ILogger logger, CancellationToken cancellationToken);

    /// <summary>Existing columns keyed by (table, column), names as stored.</summary>
    public abstract Task<IReadOnlyDictionary<(string Table, string Column), ColumnInfo>> ReadColumnsAsync(CancellationToken cancellationToken);

    /// <summary>The SQLSTATE (PostgreSQL) or error code (SQLite) of a database error, if it is one.</summary>
    public abstract string? ErrorCodeOf(Exception exception);

    public abstract ValueTask DisposeAsync();

    public DbCommand Command(string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
#pragma warning disable CA2100 // statements come from the migrations' generator and from this library, never from user input
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        command.CommandTimeout = 0; // the server-side statement timeout governs, not a client-side default of 30 s
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
