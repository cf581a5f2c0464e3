using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Migrations.Database;

/// <summary>
/// An exclusive lock file beside the SQLite database (FileShare.None is an OS-level exclusive lock on Linux and Windows),
/// polled with a timeout like the PostgreSQL advisory lock. The file is left behind: deleting it would let a second
/// runner lock a new file while the first still holds the old one.
/// </summary>
internal static class SqliteFileLock
{
    public static async Task<LockLease> AcquireAsync(string path, TimeSpan timeout, TimeSpan pollInterval, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var contended = false;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (contended)
                {
                    logger.LogInformation("Waited {Seconds:0.0} s for the migration lock file {Path}", clock.Elapsed.TotalSeconds, path);
                }

                return new LockLease(clock.Elapsed, contended, () => stream.DisposeAsync());
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                if (!contended)
                {
                    contended = true;
                    logger.LogInformation("Another runner holds the migration lock file {Path}; waiting up to {Timeout} s", path, timeout.TotalSeconds);
                }

                await Task.Delay(pollInterval, cancellationToken);
            }
            catch (IOException)
            {
                throw new MigrationLockTimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for the migration lock file {path}; another runner holds it: wait for it to finish or raise the lock timeout", holder: null);
            }
        }
    }
}
