namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>The deploy holding an environment, as written on its alias: what for, which process on which machine, its last heartbeat.</summary>
internal sealed record AliasLock(string Purpose, int ProcessId, string Host, DateTimeOffset Heartbeat)
{
    /// <summary>
    /// Whether the holder is gone: its lease ran out without a heartbeat, or it ran on this machine and its process no
    /// longer exists (a kill -9 is then taken over at once).
    /// </summary>
    public bool IsStale(TimeSpan lease, DateTimeOffset now) =>
        now - Heartbeat > lease || (Host == System.Environment.MachineName && !ProcessExists(ProcessId));

    /// <summary>Whether this lock is held by the running process.</summary>
    public bool IsMine => Host == System.Environment.MachineName && ProcessId == System.Environment.ProcessId;

    public override string ToString() => $"'{Purpose.Replace('_', ' ')}' (pid {ProcessId} on {Host})";

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
