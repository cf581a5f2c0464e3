using Npgsql;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Testcontainers.PostgreSql;

namespace Pipeline.Migrations.IntegrationTests;

/// <summary>
/// One real PostgreSQL container for the whole collection; each test gets its own database (CREATE DATABASE), which is
/// much faster than a container per test. The image comes from PIPELINE_POSTGRES_IMAGE (CI: the locally built image).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PostgreSqlContainer? _container;
    private int _databases;

    public static string Image => TestImages.Postgres;

    public PostgreSqlContainer Container => _container ?? throw new InvalidOperationException("the PostgreSQL container is not started (no Docker engine?)");

    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Docker))
        {
            return; // the tests that need Docker are skipped
        }

        await DockerApiVersion.EnsureNegotiatedAsync();
        _container = new PostgreSqlBuilder(Image).Build();
        await _container.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using (var connection = new NpgsqlConnection(Container.GetConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(Container.GetConnectionString()) { Database = name }.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
