namespace Pipeline.Migrations.Tests;

/// <summary>
/// The test migrations (TestMigrations/, one namespace per set: Shop, Failing, Drift.Original, …) of the assembly this
/// file is compiled into: the unit tests' and, linked, the PostgreSQL integration tests'.
/// </summary>
internal static class MigrationSets
{
    public const string Root = "Pipeline.Migrations.Tests.TestMigrations.";

    /// <summary>Options for the migrations of <paramref name="set"/> on <paramref name="engine"/>.</summary>
    public static MigratorOptions Options(DatabaseEngine engine, string connectionString, string set) =>
        new(engine, connectionString, typeof(MigrationSets).Assembly) { Namespace = Root + set };
}
