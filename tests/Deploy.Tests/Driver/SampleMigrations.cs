using Microsoft.Extensions.Logging;
using Pipeline.Migrations;
using Pipeline.Sample.Migrations;

namespace Pipeline.Deploy.Driver;

/// <summary>The migrations hook: the Migrate capability applies the sample's migrations to the environment's PostgreSQL.</summary>
public static class SampleMigrations
{
    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        using var migrator = new DatabaseMigrator(
            new MigratorOptions(DatabaseEngine.PostgreSql, connectionString, typeof(M202611220001_CreateTodos).Assembly), logger);
        await migrator.MigrateUpAsync(cancellationToken: cancellationToken);
    }
}
