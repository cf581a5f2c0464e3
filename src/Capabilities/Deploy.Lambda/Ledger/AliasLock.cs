namespace Pipeline.Deploy.Lambda.Ledger;

/// <summary>The deploy holding an environment, as written on its alias: what for, which process on which machine, its last heartbeat.</summary>
/// <remarks><paramref name="Nonce"/> tells two holders in one process apart (two environments objects on one alias).</remarks>
internal sealed record AliasLock(string Purpose, int ProcessId, string Host, DateTimeOffset Heartbeat, string Nonce)
{
    /// <summary>
    /// Whether the holder is gone: its lease ran out without a heartbeat, or it ran on this machine and its process no
    /// longer exists (a kill -9 is then taken over at once).
    /// </summary>
    public bool IsStale(TimeSpan lease, DateTimeOffset now) =>
        now - Heartbeat > lease || (Host == System.Environment.MachineName && !ProcessExists(ProcessId));

    /// <summary>A fresh nonce for a holder.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));

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
