using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Sample.Tests;

/// <summary><c>--migrate</c>, the one-off migrations command of the image (ECS RunTask), against SQLite.</summary>
public sealed class MigrateCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sample-migrate-").FullName;

    [Fact]
    public async Task Migrate_applies_the_pending_migrations_once_and_exits_0()
    {
        var database = Path.Combine(directory, "sample.db");
        var configuration = Configuration(("ConnectionStrings:Default", $"Data Source={database}"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var first = await MigrateCommand.RunAsync(configuration, output, error);
        var second = await MigrateCommand.RunAsync(configuration, output, error);

        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Contains("1 migrations applied, database at version 202611220001", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("0 migrations applied, database at version 202611220001", output.ToString(), StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'todos'";
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Bad_configuration_exits_2_with_one_line()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await MigrateCommand.RunAsync(Configuration(("Database:Provider", "oracle")), output, error);

        Assert.Equal(2, code);
        Assert.Equal("pipeline-sample: Database__Provider='oracle' is unknown; use sqlite or postgres", error.ToString().Trim());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
