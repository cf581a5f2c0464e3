using System.Reflection;
using FluentMigrator;
using Pipeline.Engine;
using Pipeline.Engine.Execution;

namespace Pipeline.Components.Tests;

/// <summary><c>Migrate</c> and <c>MigrationStatus</c> on a SQLite file: apply, list, preview a rollback, roll back.</summary>
public sealed class MigrateComponentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-migrate-component-").FullName;

    public MigrateComponentTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Database => $"Data Source={Path.Combine(_root, "notes.db")}";

    private sealed class Build(string connectionString) : PipelineBuild, IMigrate
    {
        Assembly IMigrate.MigrationsAssembly => typeof(M202611300001_CreateNotes).Assembly;

        string? IMigrate.DefaultConnectionString => connectionString;
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(new Build(Database), args, [], new BuildOptions { RootDirectory = _root, Output = output })
            .GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void Migrate_applies_lists_previews_and_rolls_back_on_the_default_database()
    {
        var (code, applied) = Run("Migrate");
        Assert.True(code == 0, applied);
        Assert.Contains("applied 1 migration", applied, StringComparison.Ordinal);

        var (statusCode, status) = Run("MigrationStatus");
        Assert.True(statusCode == 0, status);
        Assert.Contains("202611300001", status, StringComparison.Ordinal);

        var (previewCode, preview) = Run("Migrate", "--preview", "--rollback", "1");
        Assert.True(previewCode == 0, preview);
        Assert.Contains("the database was not changed", preview, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE", File.ReadAllText(Path.Combine(_root, "artifacts", "migrations", "preview.sql")), StringComparison.OrdinalIgnoreCase);

        var (rollbackCode, rolledBack) = Run("Migrate", "--rollback", "1", "--allow-breaking");
        Assert.True(rollbackCode == 0, rolledBack);
        Assert.Contains("reverted 1 migration: version 202611300001 -> 0", rolledBack, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_statement_timeout_is_refused_in_one_line()
    {
        var (code, output) = Run("Migrate", "--statement-timeout", "soon");

        Assert.Equal(1, code);
        Assert.Contains("--statement-timeout", output, StringComparison.Ordinal);
        Assert.Contains("'soon' is not a whole number", output, StringComparison.Ordinal);
    }
}

[Migration(202611300001, "create notes")]
public sealed class M202611300001_CreateNotes : Migration
{
    public override void Up() => Create.Table("notes").WithColumn("id").AsInt32().PrimaryKey().WithColumn("text").AsString(200).Nullable();

    public override void Down() => Delete.Table("notes");
}
