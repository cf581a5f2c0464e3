using FluentMigrator.Runner;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Sample.Tests;

/// <summary>The sample hosted in-process on a temporary SQLite file, with settings as the deploy would pass them.</summary>
public sealed class SampleHost : WebApplicationFactory<Program>
{
    private readonly string directory = Directory.CreateTempSubdirectory("sample-tests-").FullName;
    private readonly Dictionary<string, string?> settings;

    public SampleHost(bool migrated = true, params (string Key, string Value)[] settings)
    {
        ConnectionString = $"Data Source={Path.Combine(directory, "sample.db")}";
        this.settings = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        if (migrated)
        {
            Migrate(ConnectionString);
        }
    }

    /// <summary>The sample on PostgreSQL (already migrated or not, as the caller left it).</summary>
    public SampleHost(string postgresConnectionString)
    {
        ConnectionString = postgresConnectionString;
        settings = new() { ["Database:Provider"] = "postgres" };
    }

    public string ConnectionString { get; }

    /// <summary>Runs the sample's own migrations the way the Migrate capability does: FluentMigrator over the assembly.</summary>
    public static void Migrate(string connectionString, bool postgres = false)
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner => (postgres ? runner.AddPostgres() : runner.AddSQLite())
                .WithGlobalConnectionString(connectionString)
                .ScanIn(typeof(Program).Assembly).For.Migrations())
            .BuildServiceProvider();
        services.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:Provider", "sqlite"); // settings below may override
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(directory)) // the factory may dispose twice
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
