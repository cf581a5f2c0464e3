using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Migrations;

namespace Pipeline.Sample;

/// <summary>
/// <c>dotnet Pipeline.Sample.dll --migrate</c>: applies the pending migrations of this assembly to the database the
/// service is configured with (<c>Database__Provider</c>, <c>ConnectionStrings__Default</c>), then exits: 0 when done,
/// 1 with one line on stderr when a migration fails, 2 for bad configuration. The one-off migrations task of a platform
/// that runs the image (Amazon ECS <c>RunTask</c>) runs this command with the new revision's task definition.
/// </summary>
public static class MigrateCommand
{
    public const string Argument = "--migrate";

    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        SampleDatabase database;
        try
        {
            database = SampleDatabase.From(configuration);
        }
        catch (SampleConfigurationException e)
        {
            await error.WriteLineAsync($"pipeline-sample: {e.Message}");
            return 2;
        }

        await using (database)
        {
            var engine = database.Provider == DatabaseProvider.Postgres ? DatabaseEngine.PostgreSql : DatabaseEngine.Sqlite;
            using var migrator = new DatabaseMigrator(
                new MigratorOptions(engine, database.ConnectionString, typeof(MigrateCommand).Assembly), NullLogger.Instance);
            try
            {
                var result = await migrator.MigrateUpAsync(cancellationToken: cancellationToken);
                await output.WriteLineAsync($"pipeline-sample: {result.Executed.Count} migrations applied, database at version {result.EndVersion}");
                return 0;
            }
            catch (MigrationException e)
            {
                await error.WriteLineAsync($"pipeline-sample: migrations failed: {e.Message}");
                return 1;
            }
        }
    }
}
