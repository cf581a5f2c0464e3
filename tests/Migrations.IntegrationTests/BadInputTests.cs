using System.Net;
using System.Net.Sockets;
using Npgsql;
using Pipeline.Migrations.Database;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Migrations.IntegrationTests;

[Collection(PostgresCollection.Name)]
public sealed class BadInputTests(PostgresServer server)
{
    [Fact]
    public async Task An_unreachable_database_is_one_line_naming_host_and_port()
    {
        var port = FreePort();
        using var migrator = new DatabaseMigrator(PostgresMigrationTests.Options($"Host=127.0.0.1;Port={port};Database=app;Username=app;Password=x;Timeout=5", "Shop"), new ListLogger());

        var error = await Assert.ThrowsAsync<DatabaseConnectionException>(() => migrator.MigrateUpAsync());

        Assert.StartsWith($"cannot reach PostgreSQL at 127.0.0.1:{port} (ConnectionRefused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_server_that_is_not_postgresql_is_one_line_naming_host_and_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var http = Task.Run(async () =>
        {
            // An HTTP server: every connection gets a 400 and is closed (the client may try again without TLS).
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                _ = await stream.ReadAsync(new byte[1024], stop.Token); // the startup message, whatever its length
                await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        using var migrator = new DatabaseMigrator(PostgresMigrationTests.Options($"Host=127.0.0.1;Port={port};Database=app;Username=app;Password=x;Timeout=5", "Shop"), new ListLogger());

        var error = await Assert.ThrowsAsync<DatabaseConnectionException>(() => migrator.MigrateUpAsync());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http);

        Assert.Equal($"the server at 127.0.0.1:{port} does not answer as PostgreSQL; check the host and port: something else listens there", error.Message);
    }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
