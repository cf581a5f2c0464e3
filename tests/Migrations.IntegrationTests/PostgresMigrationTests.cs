using Microsoft.Extensions.Logging;
using Pipeline.Migrations.Tests;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Migrations.IntegrationTests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer server)
{
    internal static MigratorOptions Options(string connectionString, string set) => MigrationSets.Options(DatabaseEngine.PostgreSql, connectionString, set);

    [FactRequiring(Requirement.Docker)]
    public async Task Applies_all_then_rolls_back_steps_and_to_a_version_then_migrates_to_a_version()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Shop"), new ListLogger());

        var up = await migrator.MigrateUpAsync();
        Assert.Equal([1, 2, 3, 4, 5], up.Executed.Select(e => e.Migration.Version));
        Assert.Equal(5, up.EndVersion);
        Assert.Equal("1,2,3,4,5", await Db.AppliedAsync(db));
        Assert.Equal(2L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM order_statuses"));
        Assert.True(await Db.ScalarAsync<bool>(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_customers_email'::regclass"));
        Assert.False(up.Executed.Single(e => e.Migration.Version == 4).InTransaction);

        var back2 = await migrator.RollbackAsync(2);
        Assert.Equal([5, 4], back2.Executed.Select(e => e.Migration.Version));
        Assert.Equal(3, back2.EndVersion);
        Assert.False(await Db.TableExistsAsync(db, "order_statuses"));
        Assert.False(await Db.TableExistsAsync(db, "ix_customers_email"));

        var backTo1 = await migrator.RollbackToAsync(1);
        Assert.Equal([3, 2], backTo1.Executed.Select(e => e.Migration.Version));
        Assert.Equal("1", await Db.AppliedAsync(db));
        Assert.False(await Db.TableExistsAsync(db, "orders"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'email'"));

        var to3 = await migrator.MigrateUpAsync(3);
        Assert.Equal([2, 3], to3.Executed.Select(e => e.Migration.Version));
        Assert.Equal("1,2,3", await Db.AppliedAsync(db));

        var again = await migrator.MigrateUpAsync(3);
        Assert.Empty(again.Executed);
        Assert.Contains("nothing to do", again.Summary, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Status_lists_applied_and_pending_with_versions_descriptions_and_checksums()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Shop"), new ListLogger());
        var before = await migrator.GetStatusAsync();
        Assert.Equal(0, before.CurrentVersion);
        Assert.False(await Db.TableExistsAsync(db, "VersionInfo")); // status changes nothing

        await migrator.MigrateUpAsync(3);
        var status = await migrator.GetStatusAsync();

        Assert.Equal(3, status.CurrentVersion);
        Assert.Equal([1L, 2, 3], status.Applied.Select(m => m.Version));
        Assert.Equal([4L, 5], status.Pending.Select(m => m.Version));
        Assert.All(status.Migrations, m => Assert.Matches("^[0-9a-f]{64}$", m.Checksum));
        Assert.Equal("add customer email", status.Migrations[2].Description);
        Assert.Equal("AddCustomerEmail", status.Migrations[2].ClassName);
        Assert.Equal(before.Migrations[2].Checksum, status.Migrations[2].Checksum); // stored == computed before applying
        Assert.Contains("pending", status.ToTable(), StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Concurrent_runners_apply_each_migration_once_and_the_others_report_waiting()
    {
        var db = await server.CreateDatabaseAsync();
        var loggers = Enumerable.Range(0, 5).Select(_ => new ListLogger()).ToList();
        var runs = loggers.Select(logger => Task.Run(async () =>
        {
            using var migrator = new DatabaseMigrator(Options(db, "Slow") with { LockPollInterval = TimeSpan.FromMilliseconds(50) }, logger);
            return await migrator.MigrateUpAsync();
        }));

        var results = await Task.WhenAll(runs);

        Assert.Equal(6, results.Sum(r => r.Executed.Count));
        Assert.All(results, r => Assert.Equal(6, r.EndVersion));
        Assert.Equal(5L, await Db.ScalarAsync<long>(db, "SELECT count(*) FROM applications"));
        Assert.Equal(5L, await Db.ScalarAsync<long>(db, "SELECT count(DISTINCT version) FROM applications"));
        var waited = results.Where(r => r.WaitedForLock).ToList();
        Assert.NotEmpty(waited);
        Assert.All(waited, r => Assert.Contains("waited", r.Summary, StringComparison.Ordinal));
        Assert.Contains(loggers.SelectMany(l => l.Messages(LogLevel.Information)), m => m.StartsWith("Another runner holds the migration lock", StringComparison.Ordinal));
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_failing_migration_leaves_the_last_good_version_and_names_migration_statement_and_sqlstate()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Failing"), new ListLogger());

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.MigrateUpAsync());

        Assert.Equal("42P01", error.SqlState);
        Assert.Equal(3, error.Migration!.Version);
        Assert.StartsWith("INSERT INTO missing_table", error.Statement, StringComparison.Ordinal);
        Assert.Contains("migration 3 AddBrokenTable (up) failed at statement [INSERT INTO missing_table (id) VALUES (1)]", error.Message, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE 42P01", error.Message, StringComparison.Ordinal);
        Assert.Contains("stays at version 2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal("1,2", await Db.AppliedAsync(db));
        Assert.True(await Db.TableExistsAsync(db, "b"));
        Assert.False(await Db.TableExistsAsync(db, "c")); // rolled back with its migration
        Assert.False(await Db.TableExistsAsync(db, "d"));
    }

    [FactRequiring(Requirement.Docker)]
    public async Task The_statement_timeout_stops_a_long_statement_with_sqlstate_57014()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Sleepy") with { StatementTimeout = TimeSpan.FromMilliseconds(300) }, new ListLogger());

        var error = await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.MigrateUpAsync());

        Assert.Equal("57014", error.SqlState);
        Assert.Contains("1 SleepTooLong", error.Message, StringComparison.Ordinal);
        Assert.Equal("", await Db.AppliedAsync(db));
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Preview_writes_the_sql_without_changing_the_database_and_equals_what_is_then_executed()
    {
        var db = await server.CreateDatabaseAsync();
        var file = Path.Combine(Path.GetTempPath(), $"pipeline-preview-{Guid.NewGuid():N}", "migrations.sql");
        var logger = new ListLogger();
        using var migrator = new DatabaseMigrator(Options(db, "Shop"), logger);

        var preview = await migrator.PreviewAsync(MigrationRequest.Up(), file);

        Assert.False(await Db.TableExistsAsync(db, "VersionInfo"));
        Assert.False(await Db.TableExistsAsync(db, "customers"));
        Assert.Equal(preview.Sql, await File.ReadAllTextAsync(file));
        Assert.Contains("CREATE INDEX CONCURRENTLY", preview.Sql, StringComparison.Ordinal);
        Assert.Contains("```sql", preview.ToMarkdown(), StringComparison.Ordinal);

        var result = await migrator.MigrateUpAsync();

        var executedSql = logger.Entries.Where(e => e.Values.ContainsKey("Sql")).Select(e => (string)e.Values["Sql"]!).ToList();
        var previewed = preview.Migrations.SelectMany(m => m.Statements).ToList();
        Assert.NotEmpty(previewed);
        Assert.Equal(previewed, executedSql);
        Assert.Equal(previewed, result.Executed.SelectMany(e => e.Statements));
        foreach (var statement in previewed)
        {
            Assert.Contains(statement, preview.Sql, StringComparison.Ordinal);
        }

        var rollbackPreview = await migrator.PreviewAsync(MigrationRequest.Rollback(1));
        Assert.Contains("DROP TABLE \"public\".\"order_statuses\"", rollbackPreview.Sql, StringComparison.Ordinal);
        Assert.True(await Db.TableExistsAsync(db, "order_statuses"));
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Drift_of_an_applied_migration_is_refused_by_name_unless_accepted()
    {
        var db = await server.CreateDatabaseAsync();
        using (var original = new DatabaseMigrator(Options(db, "Drift.Original"), new ListLogger()))
        {
            await original.MigrateUpAsync();
        }

        using (var edited = new DatabaseMigrator(Options(db, "Drift.Edited"), new ListLogger()))
        {
            var error = await Assert.ThrowsAsync<MigrationDriftException>(() => edited.MigrateUpAsync());
            Assert.Contains("1 CreateNotes", error.Message, StringComparison.Ordinal);
            Assert.Contains("acceptDrift", error.Message, StringComparison.Ordinal);
            Assert.Equal("1", await Db.AppliedAsync(db)); // nothing else ran
            Assert.True((await edited.GetStatusAsync()).Migrations[0].IsDrifted);
        }

        var logger = new ListLogger();
        using (var accepting = new DatabaseMigrator(Options(db, "Drift.Edited") with { AcceptDrift = true }, logger))
        {
            var result = await accepting.MigrateUpAsync();
            Assert.Equal([1L], result.AcceptedDrift.Select(m => m.Version));
            Assert.Equal([2L], result.Executed.Select(e => e.Migration.Version));
            Assert.Contains(logger.Messages(LogLevel.Warning), m => m.Contains("drift", StringComparison.OrdinalIgnoreCase) && m.Contains("1 CreateNotes", StringComparison.Ordinal));
        }

        using var afterwards = new DatabaseMigrator(Options(db, "Drift.Edited"), new ListLogger());
        Assert.Empty((await afterwards.MigrateUpAsync()).Executed); // the accepted checksum is now the stored one
    }

    [FactRequiring(Requirement.Docker)]
    public async Task The_guard_catches_each_destructive_kind_and_refuses_unless_breaking_is_allowed()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Guard.Destructive"), new ListLogger());
        await migrator.MigrateUpAsync(1);

        var preview = await migrator.PreviewAsync(MigrationRequest.Up());
        var found = preview.BreakingChanges.Select(c => (c.Migration.Version, c.Kind, c.Target)).ToList();
        Assert.Equal(
            [
                (2, BreakingChangeKind.DropTable, "legacy"),
                (3, BreakingChangeKind.DropColumn, "people.nickname"),
                (4, BreakingChangeKind.RenameTable, "pets"),
                (5, BreakingChangeKind.RenameColumn, "people.name"),
                (6, BreakingChangeKind.NotNullWithoutDefault, "people.city"),
                (7, BreakingChangeKind.SetNotNull, "people.age"),
                (8, BreakingChangeKind.TypeNarrowing, "people.code"),
                (9, BreakingChangeKind.TypeNarrowing, "people.score"),
                (10, BreakingChangeKind.MarkedBreaking, "-"),
            ],
            found);

        var error = await Assert.ThrowsAsync<BreakingChangeException>(() => migrator.MigrateUpAsync());
        Assert.Contains("blue", error.Message, StringComparison.Ordinal);
        Assert.Contains("migration 2 DropLegacy drops table legacy", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowBreaking", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.Changes.Count);
        Assert.Equal("1", await Db.AppliedAsync(db));

        using var allowing = new DatabaseMigrator(Options(db, "Guard.Destructive") with { AllowBreaking = true }, new ListLogger());
        var applied = await allowing.MigrateUpAsync();
        Assert.Equal(10, applied.EndVersion);
        Assert.True(await Db.TableExistsAsync(db, "animals"));
    }

    [FactRequiring(Requirement.Docker)]
    public async Task The_guard_lets_additive_and_widening_changes_through()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(Options(db, "Guard.Additive"), new ListLogger());
        await migrator.MigrateUpAsync(1);

        var preview = await migrator.PreviewAsync(MigrationRequest.Up());
        Assert.Empty(preview.BreakingChanges);

        var result = await migrator.MigrateUpAsync();
        Assert.Equal(7, result.EndVersion);
    }
}
