using FluentMigrator;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Exceptions;
using FluentMigrator.Runner.Generators;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Migrations.Catalog;

/// <summary>
/// The migrations of an assembly and their generated SQL. FluentMigrator finds the classes, applies its conventions and
/// generates the SQL; Pipeline runs that SQL itself so that one list of statements is previewed, checksummed, checked and executed.
/// </summary>
internal sealed class MigrationCatalog : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly IMigrationGenerator _generator;
    private readonly MigrationValidator _validator;
    private readonly MigratorOptions _options;

    private MigrationCatalog(MigratorOptions options, ServiceProvider services, IReadOnlyList<CatalogMigration> migrations)
    {
        _options = options;
        _services = services;
        _scope = services.CreateScope();
        _generator = _scope.ServiceProvider.GetRequiredService<IGeneratorAccessor>().Generator;
        _validator = _scope.ServiceProvider.GetRequiredService<MigrationValidator>();
        Migrations = migrations;
    }

    /// <summary>Ascending by version.</summary>
    public IReadOnlyList<CatalogMigration> Migrations { get; }

    public static MigrationCatalog Load(MigratorOptions options)
    {
        var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                _ = options.Engine == DatabaseEngine.PostgreSql ? runner.AddPostgres15_0() : runner.AddSQLite();
                runner.WithGlobalConnectionString(options.ConnectionString);
                runner.ScanIn(options.MigrationsAssembly).For.Migrations();
            })
            .Configure<TypeFilterOptions>(filter =>
            {
                filter.Namespace = options.Namespace;
                filter.NestedNamespaces = false;
            })
            .BuildServiceProvider(validateScopes: false);
        try
        {
            using var scope = services.CreateScope();
            var loaded = scope.ServiceProvider.GetRequiredService<IMigrationInformationLoader>().LoadMigrations();
            var migrations = loaded.Values.Select(CatalogMigration.From).OrderBy(m => m.Version).ToList();
            return new MigrationCatalog(options, services, migrations);
        }
        catch (Exception e) when (e is MissingMigrationsException or InvalidOperationException or InvalidMigrationException)
        {
            services.Dispose();
            var where = options.Namespace is null ? options.MigrationsAssembly.GetName().Name : $"{options.MigrationsAssembly.GetName().Name} (namespace {options.Namespace})";
            throw new MigrationException($"cannot load the migrations of {where}: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>The SQL FluentMigrator generates for one direction of a migration, with its conventions applied.</summary>
    public MigrationScript Generate(CatalogMigration migration, MigrationDirection direction)
    {
        var (type, aliases) = _options.Engine == DatabaseEngine.PostgreSql
            ? ("Postgres", (IList<string>)["PostgreSQL", "Postgres15_0", "PostgreSQL15_0"])
            : ("SQLite", (IList<string>)["Sqlite"]);
        using var recorder = new SqlRecorder(_generator, type, aliases);
        var context = new MigrationContext(recorder, _scope.ServiceProvider, _options.ConnectionString);
        try
        {
            if (direction == MigrationDirection.Up)
            {
                migration.Info.Migration.GetUpExpressions(context);
            }
            else
            {
                migration.Info.Migration.GetDownExpressions(context);
            }

            _validator.ApplyConventionsToAndValidateExpressions(migration.Info.Migration, context.Expressions);
            foreach (var expression in context.Expressions)
            {
                expression.ExecuteWith(recorder);
            }
        }
        catch (Exception e) when (e is NotSupportedException or InvalidMigrationException or InvalidOperationException or ArgumentException)
        {
            throw new MigrationException($"cannot generate the {(direction == MigrationDirection.Up ? "up" : "down")} SQL of migration {migration.Identity}: {FirstLine(e.Message)}", e);
        }

        return new MigrationScript([.. recorder.Steps]);
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
