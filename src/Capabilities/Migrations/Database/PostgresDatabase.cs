using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pipeline.Migrations.Database;

internal sealed class PostgresDatabase : MigrationDatabase
{
    private readonly NpgsqlConnectionStringBuilder _builder;
    private readonly NpgsqlConnection _connection;

    public PostgresDatabase(string connectionString)
    {
        try
        {
            _builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConnectionException($"the PostgreSQL connection string is invalid ({e.Message}); use Host=...;Port=...;Database=...;Username=...;Password=...", null, e);
        }

        _builder.ApplicationName ??= ApplicationName;
        _connection = new NpgsqlConnection(_builder.ConnectionString);
    }

    /// <summary>Shown in pg_stat_activity, so a lock holder can be identified.</summary>
    public static string ApplicationName { get; } = $"pipeline-migrate {Environment.MachineName}:{Environment.ProcessId}";

    public override DbConnection Connection => _connection;

    public string Endpoint => $"{_builder.Host}:{_builder.Port}";

    public override string Display => $"PostgreSQL {Endpoint}/{_builder.Database ?? _builder.Username}";

    public override string VersionTable => "\"public\".\"VersionInfo\"";

    public override string ChecksumTable => "\"public\".\"MigrationChecksum\"";

    public override async Task OpenAsync(TimeSpan? statementTimeout, CancellationToken cancellationToken)
    {
        await OpenTranslatedAsync(_connection, cancellationToken);
        if (statementTimeout is { } timeout)
        {
            await using var command = Command($"SET statement_timeout = {(long)timeout.TotalMilliseconds}");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Opens a connection; unreachable server, wrong password and missing database become one line each.</summary>
    public async Task OpenTranslatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            var what = e.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword => $"rejected the password for user '{_builder.Username}'; check the password in the connection string",
                PostgresErrorCodes.InvalidAuthorizationSpecification => $"refused user '{_builder.Username}' ({e.MessageText}); check the user name and pg_hba.conf",
                PostgresErrorCodes.InvalidCatalogName => $"has no database '{_builder.Database}'; create it or fix Database= in the connection string",
                _ => $"refused the connection: {e.MessageText}",
            };
            throw new DatabaseConnectionException($"PostgreSQL at {Endpoint} {what} (SQLSTATE {e.SqlState})", e.SqlState, e);
        }
        catch (NpgsqlException e) when (FindSocketError(e) is { } socket)
        {
            throw new DatabaseConnectionException($"cannot reach PostgreSQL at {Endpoint} ({socket.SocketErrorCode}: {socket.Message}); check the host and port and that the server is running", null, e);
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException || e is NpgsqlException { IsTransient: true })
        {
            throw new DatabaseConnectionException($"cannot reach PostgreSQL at {Endpoint} ({e.Message}); check the host and port and that the server is running", null, e);
        }
        catch (SocketException e)
        {
            throw new DatabaseConnectionException($"cannot reach PostgreSQL at {Endpoint} ({e.SocketErrorCode}: {e.Message}); check the host and port and that the server is running", null, e);
        }
        catch (Exception e) when (e is NpgsqlException or EndOfStreamException or NotSupportedException or FormatException)
        {
            // Something answered, but not in PostgreSQL's protocol (an HTTP server, another database, a proxy).
            throw new DatabaseConnectionException(
                $"the server at {Endpoint} does not answer as PostgreSQL; check the host and port: something else listens there", null, e);
        }
    }

    public override async Task<bool> TableExistsAsync(string unqualifiedName, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT to_regclass(@name) IS NOT NULL", null, ("name", $"public.\"{unqualifiedName}\""));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public override Task<LockLease> LockAsync(MigratorOptions options, ILogger logger, CancellationToken cancellationToken) =>
        PostgresAdvisoryLock.AcquireAsync(this, _builder, options.LockTimeout, options.LockPollInterval, logger, cancellationToken);

    public override async Task<IReadOnlyDictionary<(string Table, string Column), ColumnInfo>> ReadColumnsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable = 'YES'
            FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            """;
        var columns = new Dictionary<(string, string), ColumnInfo>();
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var info = new ColumnInfo(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture),
                reader.GetBoolean(4));
            columns.TryAdd((info.Table, info.Column), info);
        }

        return columns;
    }

    public override string? ErrorCodeOf(Exception exception) => exception switch
    {
        PostgresException p => p.SqlState,
        { InnerException: { } inner } => ErrorCodeOf(inner),
        _ => null,
    };

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static SocketException? FindSocketError(Exception? e) => e switch
    {
        null => null,
        SocketException s => s,
        _ => FindSocketError(e.InnerException),
    };
}
