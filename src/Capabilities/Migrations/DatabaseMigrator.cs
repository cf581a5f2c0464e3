using System.Text;
using Microsoft.Extensions.Logging;
using Pipeline.Migrations.Catalog;
using Pipeline.Migrations.Database;
using Pipeline.Migrations.Drift;
using Pipeline.Migrations.Execution;
using Pipeline.Migrations.Guard;
using Pipeline.Migrations.Planning;

namespace Pipeline.Migrations;

/// <summary>
/// Runs the FluentMigrator migrations of an assembly in process against PostgreSQL or SQLite: up, rollback, status and
/// preview, serialized across concurrent runners by a lock, with drift detection and an expand/contract guard.
/// </summary>
/// <remarks>
/// FluentMigrator finds the migrations and generates their SQL; this class executes that SQL itself so that one list
/// of statements is previewed, checksummed, checked by the guard and executed. Errors are <see cref="MigrationException"/>s
/// whose message is one line naming what failed, where, and what to do.
/// </remarks>
public sealed class DatabaseMigrator : IDisposable
{
    private readonly MigratorOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<MigrationCatalog> _catalog;

    public DatabaseMigrator(MigratorOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _catalog = new Lazy<MigrationCatalog>(() => MigrationCatalog.Load(options));
    }

    /// <summary>Applies pending migrations up to <paramref name="toVersion"/> (inclusive), or all of them.</summary>
    public Task<MigrationRunResult> MigrateUpAsync(long? toVersion = null, CancellationToken cancellationToken = default) =>
        RunAsync(MigrationRequest.Up(toVersion), cancellationToken);

    /// <summary>Reverts the <paramref name="steps"/> most recently applied migrations.</summary>
    public Task<MigrationRunResult> RollbackAsync(int steps, CancellationToken cancellationToken = default) =>
        RunAsync(MigrationRequest.Rollback(steps), cancellationToken);

    /// <summary>Reverts every applied migration above <paramref name="version"/>.</summary>
    public Task<MigrationRunResult> RollbackToAsync(long version, CancellationToken cancellationToken = default) =>
        RunAsync(MigrationRequest.RollbackTo(version), cancellationToken);

    /// <summary>Runs a request under the lock: drift check, plan, guard (up only), then one migration at a time.</summary>
    public async Task<MigrationRunResult> RunAsync(MigrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = _catalog.Value;
        await using var database = MigrationDatabase.Create(_options);
        await database.OpenAsync(_options.StatementTimeout, cancellationToken);
        await using var lease = _options.UseLock ? await database.LockAsync(_options, _logger, cancellationToken) : LockLease.None;

        var history = new VersionHistory(database);
        await history.EnsureCreatedAsync(cancellationToken);
        var applied = await history.ReadAsync(cancellationToken);
        var accepted = await CheckDriftAsync(catalog, history, applied, cancellationToken);

        var plan = MigrationPlanner.Plan(request, catalog, applied);
        if (request.Direction == MigrationDirection.Up && plan.Steps.Count > 0)
        {
            await GuardAsync(database, plan, cancellationToken);
        }

        var executor = new MigrationExecutor(database, history, _logger);
        var executed = new List<ExecutedMigration>();
        var version = plan.StartVersion;
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        foreach (var step in plan.Steps)
        {
            executed.Add(await executor.ExecuteAsync(step, version, cancellationToken));
            _ = step.Direction == MigrationDirection.Up ? appliedVersions.Add(step.Migration.Version) : appliedVersions.Remove(step.Migration.Version);
            version = appliedVersions.Count == 0 ? 0 : appliedVersions.Max();
        }

        var result = new MigrationRunResult(request, plan.StartVersion, version, executed, lease.Waited, lease.Contended, accepted);
        _logger.LogDebug("{Database}: {Summary}", database.Display, result.Summary); // the caller prints the summary once
        return result;
    }

    /// <summary>Applied and pending migrations with versions, descriptions and checksums; changes nothing.</summary>
    public async Task<MigrationStatusReport> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var catalog = _catalog.Value;
        await using var database = MigrationDatabase.Create(_options);
        await database.OpenAsync(null, cancellationToken);
        var applied = await new VersionHistory(database).ReadAsync(cancellationToken);
        var comparisons = DriftDetector.Compare(catalog, applied).ToDictionary(c => c.Migration.Version);

        var states = new List<MigrationState>();
        foreach (var row in applied)
        {
            var known = comparisons.TryGetValue(row.Version, out var comparison);
            states.Add(new MigrationState(
                row.Version,
                row.Description,
                known ? comparison!.Migration.Identity.ClassName : "(not in this assembly)",
                true,
                row.AppliedOn,
                row.Checksum,
                known,
                known && comparison!.IsDrifted));
        }

        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        states.AddRange(catalog.Migrations
            .Where(m => !appliedVersions.Contains(m.Version))
            .Select(m => new MigrationState(m.Version, m.Identity.Description, m.Identity.ClassName, false, null, catalog.Generate(m, MigrationDirection.Up).Checksum(), true, false)));

        return new MigrationStatusReport(database.Display, applied.Count == 0 ? 0 : applied.Max(a => a.Version), [.. states.OrderBy(s => s.Version)]);
    }

    /// <summary>
    /// The exact SQL a request would run, written to <paramref name="outputFile"/> when given, without changing the
    /// database (no lock, no version table). Breaking changes are reported, not thrown.
    /// </summary>
    public async Task<MigrationPreview> PreviewAsync(MigrationRequest request, string? outputFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = _catalog.Value;
        await using var database = MigrationDatabase.Create(_options);
        await database.OpenAsync(null, cancellationToken);
        var applied = await new VersionHistory(database).ReadAsync(cancellationToken);
        var plan = MigrationPlanner.Plan(request, catalog, applied);
        var breaking = request.Direction == MigrationDirection.Up && plan.Steps.Count > 0
            ? ExpandContractGuard.Analyse(plan.Steps.Select(ToGuardInput), await database.ReadColumnsAsync(cancellationToken))
            : [];

        var planned = plan.Steps.Select(s => s.ToPlanned()).ToList();
        var sql = RenderSql(request, database.Display, planned);
        if (outputFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputFile))!);
            await File.WriteAllTextAsync(outputFile, sql, cancellationToken);
            _logger.LogInformation("Wrote the SQL of {Count} migration(s) ({Request}) to {File}", planned.Count, request, outputFile);
        }

        return new MigrationPreview(request, database.Display, planned, breaking, sql, outputFile);
    }

    public void Dispose()
    {
        if (_catalog.IsValueCreated)
        {
            _catalog.Value.Dispose();
        }
    }

    private async Task<IReadOnlyList<MigrationIdentity>> CheckDriftAsync(MigrationCatalog catalog, VersionHistory history, IReadOnlyList<AppliedRow> applied, CancellationToken cancellationToken)
    {
        var comparisons = DriftDetector.Compare(catalog, applied);
        var drifted = comparisons.Where(c => c.IsDrifted).ToList();
        if (drifted.Count > 0 && !_options.AcceptDrift)
        {
            throw new MigrationDriftException(
                $"applied migration{(drifted.Count == 1 ? " was" : "s were")} changed after being applied: {DriftDetector.Describe(drifted)}; restore the original code and put the change in a new migration, or pass acceptDrift to record the new checksum",
                [.. drifted.Select(d => d.Migration.Identity)]);
        }

        foreach (var comparison in comparisons.Where(c => c.Stored is null || c.IsDrifted))
        {
            if (comparison.IsDrifted)
            {
                _logger.LogWarning("Accepting drift of applied migration {Migration}: checksum {Stored} -> {Current}", comparison.Migration.Identity, comparison.Stored, comparison.Current);
            }

            await history.SaveChecksumAsync(comparison.Migration.Identity, comparison.Current, null, cancellationToken);
        }

        return [.. drifted.Select(d => d.Migration.Identity)];
    }

    private async Task GuardAsync(MigrationDatabase database, MigrationPlan plan, CancellationToken cancellationToken)
    {
        var changes = ExpandContractGuard.Analyse(plan.Steps.Select(ToGuardInput), await database.ReadColumnsAsync(cancellationToken));
        if (changes.Count == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            _logger.Log(_options.AllowBreaking ? LogLevel.Warning : LogLevel.Error, "Breaking change: {Change}", change.Explain());
        }

        if (!_options.AllowBreaking)
        {
            throw new BreakingChangeException(
                $"pending migrations would break the running (blue) version, which must keep working on the migrated schema: {changes[0].Explain()}{(changes.Count > 1 ? $" (and {changes.Count - 1} more, see the log)" : "")}; split it: expand now (add, backfill, write both), contract in a later release once blue is gone, or pass allowBreaking",
                changes);
        }
    }

    private static GuardInput ToGuardInput(PlanStep step) => new(step.Migration.Identity, step.Migration.IsMarkedBreaking, step.Script.Statements);

    private static string RenderSql(MigrationRequest request, string database, IReadOnlyList<PlannedMigration> migrations)
    {
        var sql = new StringBuilder();
        sql.Append("-- Pipeline migration preview: ").Append(request).Append(" on ").Append(database).Append('\n');
        sql.Append("-- ").Append(migrations.Count).Append(" migration(s); each is also recorded in \"VersionInfo\" and \"MigrationChecksum\" (not shown).\n");
        foreach (var migration in migrations)
        {
            sql.Append("\n-- ").Append(migration.Migration).Append(" (").Append(migration.Direction == MigrationDirection.Up ? "up" : "down")
                .Append(migration.InTransaction ? ", in a transaction" : ", without a transaction").Append(")\n");
            foreach (var statement in migration.Statements)
            {
                sql.Append(statement.ReplaceLineEndings("\n"));
                sql.Append(statement.TrimEnd().EndsWith(';') ? "\n" : ";\n");
            }

            foreach (var operation in migration.CustomOperations)
            {
                sql.Append("-- C# operation (no SQL to show): ").Append(operation).Append('\n');
            }
        }

        return sql.ToString();
    }
}
