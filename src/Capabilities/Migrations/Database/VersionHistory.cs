using System.Data.Common;
using System.Globalization;

namespace Pipeline.Migrations.Database;

/// <summary>An applied migration as recorded: FluentMigrator's VersionInfo row and Pipeline's checksum, if any.</summary>
internal sealed record AppliedRow(long Version, DateTime? AppliedOn, string Description, string? Checksum);

/// <summary>
/// FluentMigrator's VersionInfo table (same shape, so FluentMigrator's own tools still read it) and Pipeline's
/// MigrationChecksum table beside it (SHA-256 of each applied migration's up SQL, for drift detection).
/// </summary>
internal sealed class VersionHistory(MigrationDatabase database)
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        string[] statements =
        [
            $"CREATE TABLE IF NOT EXISTS {database.VersionTable} (\"Version\" bigint NOT NULL, \"AppliedOn\" timestamp NULL, \"Description\" varchar(1024) NULL)",
            $"CREATE UNIQUE INDEX IF NOT EXISTS \"UC_Version\" ON {database.VersionTable} (\"Version\")",
            $"CREATE TABLE IF NOT EXISTS {database.ChecksumTable} (\"Version\" bigint NOT NULL PRIMARY KEY, \"ClassName\" varchar(512) NOT NULL, \"Checksum\" varchar(64) NOT NULL, \"RecordedOn\" timestamp NOT NULL)",
        ];
        foreach (var sql in statements)
        {
            await using var command = database.Command(sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Applied migrations, ascending; empty when nothing was ever applied (no table is created).</summary>
    public async Task<IReadOnlyList<AppliedRow>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await database.TableExistsAsync("VersionInfo", cancellationToken))
        {
            return [];
        }

        var withChecksums = await database.TableExistsAsync("MigrationChecksum", cancellationToken);
        var sql = withChecksums
            ? $"SELECT v.\"Version\", v.\"AppliedOn\", v.\"Description\", c.\"Checksum\" FROM {database.VersionTable} v LEFT JOIN {database.ChecksumTable} c ON c.\"Version\" = v.\"Version\" ORDER BY v.\"Version\""
            : $"SELECT \"Version\", \"AppliedOn\", \"Description\", NULL FROM {database.VersionTable} ORDER BY \"Version\"";
        var rows = new List<AppliedRow>();
        await using var command = database.Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AppliedRow(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : Convert.ToDateTime(reader.GetValue(1), CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    public async Task RecordAppliedAsync(MigrationIdentity migration, string checksum, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using (var insert = database.Command(
            $"INSERT INTO {database.VersionTable} (\"Version\", \"AppliedOn\", \"Description\") VALUES (@version, CURRENT_TIMESTAMP, @description)",
            transaction,
            ("@version", migration.Version),
            ("@description", migration.Description)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await SaveChecksumAsync(migration, checksum, transaction, cancellationToken);
    }

    public async Task SaveChecksumAsync(MigrationIdentity migration, string checksum, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var upsert = database.Command(
            $"INSERT INTO {database.ChecksumTable} (\"Version\", \"ClassName\", \"Checksum\", \"RecordedOn\") VALUES (@version, @class, @checksum, CURRENT_TIMESTAMP) " +
            "ON CONFLICT (\"Version\") DO UPDATE SET \"ClassName\" = excluded.\"ClassName\", \"Checksum\" = excluded.\"Checksum\", \"RecordedOn\" = excluded.\"RecordedOn\"",
            transaction,
            ("@version", migration.Version),
            ("@class", migration.ClassName),
            ("@checksum", checksum));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordRevertedAsync(long version, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { database.VersionTable, database.ChecksumTable })
        {
            await using var delete = database.Command($"DELETE FROM {table} WHERE \"Version\" = @version", transaction, ("@version", version));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
