using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Pipeline.Sample;

/// <summary>Which database engine holds the data.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The service's database, chosen by configuration: <c>Database:Provider</c> (sqlite | postgres, default sqlite) and
/// <c>ConnectionStrings:Default</c> (default <c>Data Source=sample.db</c> for SQLite). The service never migrates it:
/// the pipeline's Migrate capability runs <see cref="Migrations"/> before traffic reaches a new version.
/// </summary>
public sealed class SampleDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? postgres;
    private readonly string connectionString;

    public SampleDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        this.connectionString = connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            postgres = NpgsqlDataSource.Create(connectionString);
        }
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The configured connection string (for the migrations command).</summary>
    public string ConnectionString => connectionString;

    /// <summary>Reads provider and connection string; throws <see cref="SampleConfigurationException"/> when they are unusable.</summary>
    public static SampleDatabase From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"]?.Trim();
        var provider = providerText?.ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" => DatabaseProvider.Postgres,
            _ => throw new SampleConfigurationException(
                $"Database__Provider='{providerText}' is unknown; use sqlite or postgres"),
        };
        var connection = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = provider == DatabaseProvider.Sqlite
                ? "Data Source=sample.db"
                : throw new SampleConfigurationException(
                    "ConnectionStrings__Default is not set; PostgreSQL needs e.g. Host=127.0.0.1;Database=sample;Username=…;Password=…");
        }

        try
        {
            return new SampleDatabase(provider, connection);
        }
        catch (ArgumentException e)
        {
            throw new SampleConfigurationException($"ConnectionStrings__Default is not a valid {provider} connection string: {e.Message}", e);
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
