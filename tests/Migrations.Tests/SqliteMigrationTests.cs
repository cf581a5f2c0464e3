using Microsoft.Data.Sqlite;

namespace Pipeline.Migrations.Tests;

/// <summary>SQLite, the sample service's local default: real database files, no Docker.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipeline-sqlite-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_folder, "app.db")};Pooling=false";

    [Fact]
    public async Task Applies_rolls_back_reports_status_and_previews()
    {
        using var migrator = new DatabaseMigrator(Options("Shop"), new ListLogger());

        var preview = await migrator.PreviewAsync(MigrationRequest.Up(), Path.Combine(_folder, "artifacts", "preview.sql"));
        Assert.Equal(5, preview.Migrations.Count);
        Assert.Empty(await TablesAsync());

        var up = await migrator.MigrateUpAsync();
        Assert.Equal(5, up.EndVersion);
        Assert.Equal(preview.Migrations.SelectMany(m => m.Statements), up.Executed.SelectMany(e => e.Statements));
        Assert.Contains("order_statuses", await TablesAsync());

        var back = await migrator.RollbackAsync(2);
        Assert.Equal(3, back.EndVersion);
        Assert.DoesNotContain("order_statuses", await TablesAsync());

        var status = await migrator.GetStatusAsync();
        Assert.Equal([1L, 2, 3], status.Applied.Select(m => m.Version));
        Assert.Equal([4L, 5], status.Pending.Select(m => m.Version));
        Assert.All(status.Migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));

        var to4 = await migrator.MigrateUpAsync(4);
        Assert.Equal([4L], to4.Executed.Select(e => e.Migration.Version));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_named()
    {
        using var migrator = new DatabaseMigrator(Options("Failing"), new ListLogger());

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.MigrateUpAsync());

        Assert.Contains("migration 3 AddBrokenTable (up) failed at statement [INSERT INTO missing_table (id) VALUES (1)]", error.Message, StringComparison.Ordinal);
        Assert.Contains("(SQLite error 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("stays at version 2", error.Message, StringComparison.Ordinal);
        var tables = await TablesAsync();
        Assert.Contains("b", tables);
        Assert.DoesNotContain("c", tables);
    }

    [Fact]
    public async Task Concurrent_runners_on_one_file_apply_each_migration_once()
    {
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var migrator = new DatabaseMigrator(Options("Shop") with { LockPollInterval = TimeSpan.FromMilliseconds(20) }, new ListLogger());
            return await migrator.MigrateUpAsync();
        }));

        var results = await Task.WhenAll(runs);

        Assert.Equal(5, results.Sum(r => r.Executed.Count));
        Assert.All(results, r => Assert.Equal(5, r.EndVersion));
    }

    [Fact]
    public async Task Drift_is_detected_on_sqlite_too()
    {
        using (var original = new DatabaseMigrator(Options("Drift.Original"), new ListLogger()))
        {
            await original.MigrateUpAsync();
        }

        using var edited = new DatabaseMigrator(Options("Drift.Edited"), new ListLogger());
        var error = await Assert.ThrowsAsync<MigrationDriftException>(() => edited.MigrateUpAsync());
        Assert.Equal([1L], error.Drifted.Select(d => d.Version));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private MigratorOptions Options(string set) => MigrationSets.Options(DatabaseEngine.Sqlite, ConnectionString, set);

    private async Task<List<string>> TablesAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
