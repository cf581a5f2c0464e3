using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Deploy.Process;

/// <summary>Small OS process helpers: detached start, liveness by pid and start time, graceful stop, free ports.</summary>
internal static class OsProcess
{
    /// <summary>
    /// Starts <paramref name="arguments"/> in its own session (setsid), so the build's Ctrl-C and exit leave it running,
    /// with stdin from /dev/null and output appended to <paramref name="logPath"/>.
    /// </summary>
    public static System.Diagnostics.Process StartDetached(
        IReadOnlyList<string> arguments, string workingDirectory, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var start = new ProcessStartInfo
        {
            FileName = setsid ?? "/bin/sh",
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("/bin/sh");
        }

        foreach (var arg in (string[])["-c", "exec \"$@\" </dev/null >>\"$PIPELINE_PROCESS_LOG\" 2>&1", "app", .. arguments])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PIPELINE_PROCESS_LOG"] = logPath;
        start.Environment.Remove("DOTNET_URLS");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return System.Diagnostics.Process.Start(start)
            ?? throw new DeployException($"could not start {arguments[0]}: is it installed and on PATH?");
    }

    /// <summary>The start time of a live process, or null when <paramref name="pid"/> is not running.</summary>
    public static DateTimeOffset? StartTimeOf(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited ? null : new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
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
        while (clock.Elapsed < grace)
        {
            if (!IsAlive(pid, startedAt))
            {
                return $"stopped in {clock.ElapsedMilliseconds} ms";
            }

            await Task.Delay(50, cancellationToken);
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

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The last <paramref name="count"/> non-empty lines written to <paramref name="path"/> after <paramref name="offset"/>.</summary>
    public static IReadOnlyList<string> LastLines(string path, long offset, int count)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(count)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
