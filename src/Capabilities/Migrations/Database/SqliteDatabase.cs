using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Pipeline.Migrations.Database;

/// <summary>
/// SQLite, the local default. Runners are serialized by <see cref="SqliteFileLock"/>; an in-memory database has one
/// connection and needs no lock. The statement timeout does not apply (SQLite has no server to cancel statements).
/// </summary>
internal sealed class SqliteDatabase : MigrationDatabase
{
    private readonly SqliteConnection _connection;
    private readonly string _dataSource;

    public SqliteDatabase(string connectionString)
    {
        try
        {
            _dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException e)
        {
            throw new DatabaseConnectionException($"the SQLite connection string is invalid ({e.Message}); use Data Source=<file>", null, e);
        }

        _connection = new SqliteConnection(connectionString);
    }

    public override DbConnection Connection => _connection;

    public override string Display => $"SQLite {_dataSource}";

    public override string VersionTable => "\"VersionInfo\"";

    public override string ChecksumTable => "\"MigrationChecksum\"";

    private bool IsFile => !string.IsNullOrEmpty(_dataSource) && _dataSource != ":memory:" && !_dataSource.StartsWith("file::memory:", StringComparison.Ordinal);

    public override async Task OpenAsync(TimeSpan? statementTimeout, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.OpenAsync(cancellationToken);
        }
        catch (SqliteException e)
        {
            throw new DatabaseConnectionException($"cannot open SQLite database {_dataSource}: {e.Message}; check that the folder exists and is writable", $"SQLite error {e.SqliteErrorCode}", e);
        }
    }

    public override async Task<bool> TableExistsAsync(string unqualifiedName, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name", null, ("@name", unqualifiedName));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public override Task<LockLease> LockAsync(MigratorOptions options, ILogger logger, CancellationToken cancellationToken) =>
        IsFile
            ? SqliteFileLock.AcquireAsync(Path.GetFullPath(_dataSource) + ".migrations.lock", options.LockTimeout, options.LockPollInterval, logger, cancellationToken)
            : Task.FromResult(LockLease.None);

    public override Task<IReadOnlyDictionary<(string Table, string Column), ColumnInfo>> ReadColumnsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<(string Table, string Column), ColumnInfo>>(new Dictionary<(string, string), ColumnInfo>());

    public override string? ErrorCodeOf(Exception exception) => exception switch
    {
        SqliteException s => $"SQLite error {s.SqliteErrorCode}",
        { InnerException: { } inner } => ErrorCodeOf(inner),
        _ => null,
    };

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}
