using System.Diagnostics;
using System.Text.Json;
using Pipeline.Deploy.Ledger;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Local;

/// <summary>
/// The exclusive lock of an environment: an open <c>deploy.lock</c> with <see cref="FileShare.None"/> (an OS lock, so
/// a killed holder releases it) and a <c>deploy.lock.json</c> beside it naming the holder for whoever waits.
/// </summary>
public sealed class DeploymentLock : IAsyncDisposable
{
    private readonly FileStream stream;
    private readonly string holderPath;

    private DeploymentLock(FileStream stream, string holderPath)
    {
        this.stream = stream;
        this.holderPath = holderPath;
    }

    /// <summary>Who holds (or held) a lock.</summary>
    public sealed record Holder(string Purpose, string User, string Host, int ProcessId, DateTimeOffset Since);

    internal static async Task<DeploymentLock> AcquireAsync(
        string directory, string environment, string purpose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "deploy.lock");
        var holderPath = path + ".json";
        try
        {
            return (await Poll.UntilAsync(
                async ct =>
                {
                    FileStream? stream = null;
                    try
                    {
                        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                        var holder = new Holder(purpose, Environment.UserName, Environment.MachineName, Environment.ProcessId, DateTimeOffset.UtcNow);
                        await File.WriteAllTextAsync(holderPath, JsonSerializer.Serialize(holder), ct);
                        return new DeploymentLock(stream, holderPath);
                    }
                    catch (IOException)
                    {
                        // held by another deploy; a lock we took but could not describe is let go, or we would wait on ourselves
                        if (stream is not null)
                        {
                            await stream.DisposeAsync();
                        }

                        return null;
                    }
                },
                held => held is not null,
                PollSchedule.Every(TimeSpan.FromMilliseconds(200), timeout),
                $"the lock of environment '{environment}'",
                cancellationToken))!;
        }
        catch (PollTimeoutException)
        {
            throw new EnvironmentLockedException(
                $"environment '{environment}' is locked by {Describe(holderPath)}; waited {timeout.TotalSeconds:0.#}s: " +
                "wait for that deploy to finish, then run again");
        }
    }

    /// <summary>
    /// Who holds the lock of the environment in <paramref name="directory"/> right now: the holder when its process is
    /// alive (or runs on another host, where it cannot be checked), null when the lock is free or its holder is gone
    /// (a killed deploy leaves its holder file behind).
    /// </summary>
    public static Holder? LiveHolder(string directory)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<Holder>(File.ReadAllText(Path.Combine(directory, "deploy.lock.json")));
            if (holder is null || holder.Host != Environment.MachineName)
            {
                return holder;
            }

            // A reused pid started after the holder took the lock.
            return OsProcess.StartTimeOf(holder.ProcessId) is { } started && started <= holder.Since + TimeSpan.FromSeconds(2) ? holder : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The pid of the last holder named in the holder file, alive or not (null when none is named).</summary>
    public static int? LastHolderPid(string directory)
    {
        try
        {
            return JsonSerializer.Deserialize<Holder>(File.ReadAllText(Path.Combine(directory, "deploy.lock.json")))?.ProcessId;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Describe(string holderPath)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<Holder>(File.ReadAllText(holderPath));
            if (holder is not null)
            {
                return $"'{holder.Purpose}' ({holder.User}, pid {holder.ProcessId} on {holder.Host}, since {holder.Since:HH:mm:ss}Z)";
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // The holder is writing it right now; fall through.
        }

        return "another deploy";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(holderPath);
        }
        catch (IOException)
        {
            // Best effort: the next holder overwrites it.
        }

        await stream.DisposeAsync();
    }
}
