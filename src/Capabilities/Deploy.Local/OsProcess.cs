using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pipeline.Foundation.Polling;

namespace Pipeline.Deploy.Local;

/// <summary>Small OS process helpers: liveness by pid and start time, graceful stop, free ports.</summary>
internal static class OsProcess
{
    /// <summary>The start time of a live process, or null when <paramref name="pid"/> is not running.</summary>
    public static DateTimeOffset? StartTimeOf(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited || Foundation.Processes.ProcessLiveness.IsZombie(pid) ? null : new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> runs and is the process started at <paramref name="startedAt"/> (not a reused pid).</summary>
    public static bool IsAlive(int? pid, DateTimeOffset? startedAt)
    {
        if (pid is not { } id || StartTimeOf(id) is not { } actual)
        {
            return false;
        }

        return startedAt is not { } expected || (actual - expected).Duration() < TimeSpan.FromSeconds(2);
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL. Returns how it ended, for logs.</summary>
    public static async Task<string> StopAsync(int pid, DateTimeOffset? startedAt, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!IsAlive(pid, startedAt))
        {
            return "was not running";
        }

        using (var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync(cancellationToken);
            }
        }

        var clock = Stopwatch.StartNew();
        if (await Poll.TryUntilAsync(_ => Task.FromResult(!IsAlive(pid, startedAt)), PollSchedule.Every(TimeSpan.FromMilliseconds(50), grace), cancellationToken))
        {
            return $"stopped in {clock.ElapsedMilliseconds} ms";
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // exited between the check and the kill
        }

        return $"killed after {grace.TotalSeconds:0.#}s without stopping";
    }

    /// <summary>A TCP port free on 127.0.0.1 right now, one an outgoing connection will not take before a child binds it.</summary>
    public static int FreeLoopbackPort() => Foundation.Networking.LoopbackPorts.Free();
}
