using System.Reflection;
using Microsoft.Extensions.Logging;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;
using Pipeline.Migrations;

namespace Pipeline.Components;

/// <summary>
/// <c>Migrate</c> and <c>MigrationStatus</c>: FluentMigrator migrations from <see cref="MigrationsAssembly"/>, applied
/// under an advisory lock, with drift and expand/contract checks; <c>--preview</c> writes the SQL instead of running it.
/// </summary>
public interface IMigrate : IPipelineBuild
{
    /// <summary>The assembly holding the FluentMigrator migrations.</summary>
    Assembly MigrationsAssembly { get; }

    /// <summary>The connection string used when <c>--connection-string</c> is not given (e.g. the local database).</summary>
    string? DefaultConnectionString => null;

    [Parameter("Engine of the database to migrate")]
    DatabaseEngine DatabaseEngine => Parameters.Get(nameof(DatabaseEngine), DatabaseEngine.Sqlite);

    [Parameter("Connection string of the database to migrate"), Secret]
    string? ConnectionString => Parameters.Get<string>(nameof(ConnectionString)) ?? DefaultConnectionString;

    [Parameter("Migrate up to this version instead of the latest")]
    long? MigrateTo => Parameters.Get<long?>(nameof(MigrateTo));

    [Parameter("Roll back this many applied migrations")]
    int? Rollback => Parameters.Get<int?>(nameof(Rollback));

    [Parameter("Roll back to this version")]
    long? RollbackTo => Parameters.Get<long?>(nameof(RollbackTo));

    [Parameter("Write the SQL that would run to artifacts/migrations/ without changing the database")]
    bool Preview => Parameters.Get(nameof(Preview), false);

    [Parameter("Accept applied migrations whose SQL changed since they ran (their checksums are updated)")]
    bool AcceptDrift => Parameters.Get(nameof(AcceptDrift), false);

    [Parameter("Allow destructive schema changes (drop, rename, NOT NULL, narrowing) that the running version may not survive")]
    bool AllowBreaking => Parameters.Get(nameof(AllowBreaking), false);

    [Parameter("Longest time in seconds one migration statement may run")]
    int? StatementTimeout => Parameters.Get<int?>(nameof(StatementTimeout));

    /// <summary>The request the parameters describe: up (to latest or <c>--migrate-to</c>), or a rollback.</summary>
    MigrationRequest MigrationRequest =>
        Rollback is { } steps ? MigrationRequest.Rollback(steps)
        : RollbackTo is { } version ? MigrationRequest.RollbackTo(version)
        : MigrationRequest.Up(MigrateTo);

    Target Migrate => _ => _
        .Description("Apply pending migrations (--preview writes the SQL instead; --rollback N / --rollback-to V go down)")
        .Requires(() => ConnectionString)
        .Executes(async ct =>
        {
            if (Preview)
            {
                var file = (ArtifactsDirectory / "migrations").CreateDirectory() / "preview.sql";
                using var previewer = CreateMigrator();
                var preview = await previewer.PreviewAsync(MigrationRequest, file, ct);
                Output.WriteLine($"Preview of {MigrationRequest} written to {file.RelativeTo(RootDirectory)}; the database was not changed.");
                Host.AppendSummaryMarkdown(preview.ToMarkdown());
                return;
            }

            await RunMigrationsAsync(MigrationRequest, ct);
        });

    Target MigrationStatus => _ => _
        .Description("List applied and pending migrations with versions, descriptions and checksums")
        .Requires(() => ConnectionString)
        .Executes(async ct =>
        {
            using var migrator = CreateMigrator();
            Output.Write((await migrator.GetStatusAsync(ct)).ToTable());
        });

    /// <summary>
    /// Runs a migration request with the build's options, on the given database or the one the parameters name; used by
    /// <c>Migrate</c> and before a deploy's traffic shift.
    /// </summary>
    async Task<MigrationRunResult> RunMigrationsAsync(
        MigrationRequest request, CancellationToken cancellationToken, DatabaseEngine? engine = null, string? connectionString = null)
    {
        using var migrator = CreateMigrator(engine, connectionString);
        var result = await migrator.RunAsync(request, cancellationToken);
        Output.WriteLine(result.Summary);
        return result;
    }

    DatabaseMigrator CreateMigrator(DatabaseEngine? engine = null, string? connectionString = null) =>
        new(new MigratorOptions(
            engine ?? DatabaseEngine,
            connectionString ?? ConnectionString ?? throw new InvalidOperationException("No connection string."),
            MigrationsAssembly)
        {
            AcceptDrift = AcceptDrift,
            AllowBreaking = AllowBreaking,
            StatementTimeout = StatementTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        }, LoggerFactory.CreateLogger("Migrate"));
}
