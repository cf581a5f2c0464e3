using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Environments;
using Pipeline.Migrations;
using Pipeline.Sample.Migrations;

namespace Pipeline.Deploy.Driver;

/// <summary>
/// The migrations hook: the Migrate capability applies the sample's migrations to the PostgreSQL a platform names;
/// a SQLite database gets the sample's schema directly (<see cref="SampleSchema"/>).
/// </summary>
public static class SampleMigrations
{
    public static async Task MigrateAsync(MigrationTarget? target, string fallbackSqlite, ILogger logger, CancellationToken cancellationToken)
    {
        if (target is null || target.Engine == "sqlite")
        {
            var path = target?.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal) ?? fallbackSqlite;
            await SampleSchema.EnsureAsync(path, cancellationToken);
            return;
        }

        await MigrateAsync(target.ConnectionString, logger, cancellationToken);
    }

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        using var migrator = new DatabaseMigrator(
            new MigratorOptions(DatabaseEngine.PostgreSql, connectionString, typeof(M202611220001_CreateTodos).Assembly), logger);
        await migrator.MigrateUpAsync(cancellationToken: cancellationToken);
    }
}
