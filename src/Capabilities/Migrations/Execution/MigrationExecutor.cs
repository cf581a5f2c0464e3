using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Migrations.Catalog;
using Pipeline.Migrations.Database;
using Pipeline.Migrations.Planning;

namespace Pipeline.Migrations.Execution;

/// <summary>
/// Runs one migration's statements, in a transaction unless the migration opted out (TransactionBehavior.None, e.g.
/// for CREATE INDEX CONCURRENTLY), and records it in the version history in the same transaction.
/// </summary>
internal sealed class MigrationExecutor(MigrationDatabase database, VersionHistory history, ILogger logger)
{
    public async Task<ExecutedMigration> ExecuteAsync(PlanStep step, long lastGoodVersion, CancellationToken cancellationToken)
    {
        var identity = step.Migration.Identity;
        var inTransaction = step.Migration.InTransaction;
        var clock = Stopwatch.StartNew();
        var executed = new List<string>();
        string? current = null;
        var transaction = inTransaction ? await database.Connection.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            foreach (var scriptStep in step.Script.Steps)
            {
                switch (scriptStep)
                {
                    case SqlStep sql:
                        current = sql.Sql;
                        logger.LogDebug("Migration {Migration} executing SQL: {Sql}", identity, sql.Sql);
                        await using (var command = database.Command(sql.Sql, transaction))
                        {
                            await command.ExecuteNonQueryAsync(cancellationToken);
                        }

                        executed.Add(sql.Sql);
                        break;
                    case OperationStep operation:
                        current = "operation: " + operation.Description;
                        logger.LogDebug("Migration {Migration} executing operation {Operation}", identity, operation.Description);
                        operation.Operation(database.Connection, transaction);
                        break;
                }
            }

            current = null;
            if (step.Direction == MigrationDirection.Up)
            {
                await history.RecordAppliedAsync(identity, step.Script.Checksum(), transaction, cancellationToken);
            }
            else
            {
                await history.RecordRevertedAsync(identity.Version, transaction, cancellationToken);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException or NpgsqlException)
        {
            await RollBackQuietlyAsync(transaction);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw Failure(step, lastGoodVersion, current, e);
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }

        logger.LogInformation("{Verb} {Migration} in {Milliseconds} ms", step.Direction == MigrationDirection.Up ? "Applied" : "Reverted", identity, clock.ElapsedMilliseconds);
        return new ExecutedMigration(identity, step.Direction, executed, inTransaction, clock.Elapsed);
    }

    private MigrationFailedException Failure(PlanStep step, long lastGoodVersion, string? statement, Exception error)
    {
        var code = database.ErrorCodeOf(error);
        var reason = error switch
        {
            PostgresException p => p.MessageText,
            { InnerException: PostgresException p } => p.MessageText,
            _ => error.Message.Split('\n', 2)[0].Trim(),
        };
        var firstLine = statement?.Split('\n', 2)[0].Trim();
        if (firstLine is { Length: > 120 })
        {
            firstLine = firstLine[..120] + "...";
        }

        var where = firstLine is null ? "while recording it in the version history" : $"at statement [{firstLine}]";
        var state = step.Migration.InTransaction
            ? $"the database stays at version {lastGoodVersion}"
            : $"it ran without a transaction, so its statements before the failing one stay applied (version history still says {lastGoodVersion}): check the schema before running again";
        var message = $"migration {step.Migration.Identity} ({(step.Direction == MigrationDirection.Up ? "up" : "down")}) failed {where}: {reason}{code switch { null => "", _ when code.StartsWith("SQLite", StringComparison.Ordinal) => $" ({code})", _ => $" (SQLSTATE {code})" }}; {state}";
        return new MigrationFailedException(message, step.Migration.Identity, firstLine, code, !step.Migration.InTransaction, error);
    }

    private static async Task RollBackQuietlyAsync(DbTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        try
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection is gone; the server rolls the transaction back with the session.
        }
    }
}
