using Npgsql;
using Pipeline.Migrations.Database;
using Pipeline.Migrations.Tests;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Migrations.IntegrationTests;

[Collection(PostgresCollection.Name)]
public sealed class BadInputTests(PostgresServer server)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_wrong_password_is_one_line_with_sqlstate_28P01()
    {
        var db = await server.CreateDatabaseAsync();
        var wrong = new NpgsqlConnectionStringBuilder(db) { Password = "wrong-password" }.ConnectionString;
        using var migrator = new DatabaseMigrator(PostgresMigrationTests.Options(wrong, "Shop"), new ListLogger());

        var error = await Assert.ThrowsAsync<DatabaseConnectionException>(() => migrator.MigrateUpAsync());

        Assert.Equal("28P01", error.SqlState);
        Assert.Matches(@"^PostgreSQL at [^ ]+:\d+ rejected the password for user '[^']+'; check the password in the connection string \(SQLSTATE 28P01\)$", error.Message);
    }

    [FactRequiring(Requirement.Docker)]
    public async Task An_unknown_target_version_lists_the_nearest_known_versions()
    {
        var db = await server.CreateDatabaseAsync();
        using var migrator = new DatabaseMigrator(PostgresMigrationTests.Options(db, "Failing"), new ListLogger());

        var up = await Assert.ThrowsAsync<UnknownMigrationVersionException>(() => migrator.MigrateUpAsync(42));
        var down = await Assert.ThrowsAsync<UnknownMigrationVersionException>(() => migrator.RollbackToAsync(7));
        var tooMany = await Assert.ThrowsAsync<UnknownMigrationVersionException>(() => migrator.RollbackAsync(3));

        Assert.Equal("no migration has version 42 in the assembly; nearest known versions: 3, 4; pass one of those", up.Message);
        Assert.StartsWith("no migration has version 7 in the assembly; nearest known versions: 3, 4", down.Message, StringComparison.Ordinal);
        Assert.StartsWith("cannot roll back 3 migrations: only 0 are applied", tooMany.Message, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_lock_timeout_says_who_holds_the_lock()
    {
        var db = await server.CreateDatabaseAsync();
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db) { ApplicationName = "deploy-of-release-41", Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresAdvisoryLock.Key})", holder))
        {
            await take.ExecuteScalarAsync();
        }

        using var migrator = new DatabaseMigrator(PostgresMigrationTests.Options(db, "Shop") with { LockTimeout = TimeSpan.FromSeconds(1) }, new ListLogger());
        var error = await Assert.ThrowsAsync<MigrationLockTimeoutException>(() => migrator.MigrateUpAsync());

        Assert.StartsWith("timed out after 1 s waiting for the migration lock", error.Message, StringComparison.Ordinal);
        Assert.Contains($"held by pid {holder.ProcessID} ('deploy-of-release-41'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(await Db.TableExistsAsync(db, "customers"));
    }
}
