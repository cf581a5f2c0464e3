using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pipeline.Migrations.Database;

/// <summary>
/// A session-level advisory lock on a dedicated, non-pooled connection, taken by polling pg_try_advisory_lock: a blocking
/// pg_advisory_lock can deadlock with CREATE INDEX CONCURRENTLY, which waits for every older transaction, the waiting lock
/// request included. Non-pooled, so closing the connection always ends the session and releases the lock.
/// </summary>
internal static class PostgresAdvisoryLock
{
    /// <summary>One key per database (advisory locks are scoped to the current database).</summary>
    public static long Key { get; } = BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("Pipeline.Migrations")));

    public static async Task<LockLease> AcquireAsync(
        PostgresDatabase database,
        NpgsqlConnectionStringBuilder settings,
        TimeSpan timeout,
        TimeSpan pollInterval,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false, ApplicationName = PostgresDatabase.ApplicationName + " lock" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await database.OpenTranslatedAsync(connection, cancellationToken);
            var clock = Stopwatch.StartNew();
            var contended = false;
            while (true)
            {
                await using (var attempt = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
                {
                    attempt.Parameters.AddWithValue("key", Key);
                    if ((bool)(await attempt.ExecuteScalarAsync(cancellationToken))!)
                    {
                        var waited = clock.Elapsed;
                        if (contended)
                        {
                            logger.LogInformation("Waited {Seconds:0.0} s for the migration lock on {Database}; continuing with what is still pending", waited.TotalSeconds, database.Display);
                        }

                        return new LockLease(waited, contended, () => ReleaseAsync(connection));
                    }
                }

                if (!contended)
                {
                    contended = true;
                    logger.LogInformation("Another runner holds the migration lock on {Database} ({Holder}); waiting up to {Timeout} s", database.Display, await DescribeHolderAsync(connection, cancellationToken) ?? "holder unknown", timeout.TotalSeconds);
                }

                if (clock.Elapsed >= timeout)
                {
                    var holder = await DescribeHolderAsync(connection, cancellationToken);
                    throw new MigrationLockTimeoutException(
                        $"timed out after {timeout.TotalSeconds:0.#} s waiting for the migration lock (advisory lock {Key}) on {database.Display}, held by {holder ?? "an unknown session"}; wait for that run to finish, or end it with SELECT pg_terminate_backend(pid), or raise the lock timeout",
                        holder);
                }

                await Task.Delay(pollInterval, cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async ValueTask ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", Key);
            await unlock.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // Closing the session below releases the lock as well.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task<string?> DescribeHolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), a.backend_start, coalesce(a.state, '')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid::bigint = @hi AND l.objid::bigint = @lo
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("hi", (long)(uint)(Key >> 32));
        command.Parameters.AddWithValue("lo", (long)(uint)Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return $"pid {reader.GetInt32(0)} ('{reader.GetString(1)}' from {reader.GetString(2)}, connected since {reader.GetDateTime(3):u}, {reader.GetString(4)})";
    }
}
