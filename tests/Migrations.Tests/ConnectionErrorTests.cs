using System.Net;
using System.Net.Sockets;
using Pipeline.Migrations.Database;

namespace Pipeline.Migrations.Tests;

/// <summary>A PostgreSQL target that cannot be reached, or is not PostgreSQL: one line naming host and port, no database needed.</summary>
public sealed class ConnectionErrorTests
{
    [Fact]
    public async Task An_unreachable_database_is_one_line_naming_host_and_port()
    {
        var port = FreePort();
        using var migrator = new DatabaseMigrator(Postgres($"Host=127.0.0.1;Port={port};Database=app;Username=app;Password=x;Timeout=5", "Shop"), new ListLogger());

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
        using var migrator = new DatabaseMigrator(Postgres($"Host=127.0.0.1;Port={port};Database=app;Username=app;Password=x;Timeout=5", "Shop"), new ListLogger());

        var error = await Assert.ThrowsAsync<DatabaseConnectionException>(() => migrator.MigrateUpAsync());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http);

        Assert.Equal($"the server at 127.0.0.1:{port} does not answer as PostgreSQL; check the host and port: something else listens there", error.Message);
    }

    private static MigratorOptions Postgres(string connectionString, string set) => MigrationSets.Options(DatabaseEngine.PostgreSql, connectionString, set);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
