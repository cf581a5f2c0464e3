using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// Finds a stand-in's processes by their command line (<c>/proc</c>), for when the files that name them (pid, info,
/// token) are gone, and stops them. Nothing is found where there is no <c>/proc</c>.
/// </summary>
public static class RunningProcesses
{
    /// <summary>The ids of the processes whose arguments (program first) satisfy <paramref name="commandLine"/>, this process excepted.</summary>
    public static IReadOnlyList<int> Matching(Func<IReadOnlyList<string>, bool> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId
                && CommandLineOf(pid) is { Count: > 0 } arguments
                && commandLine(arguments))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>The arguments of a running process (program first), or null when it is gone or not readable.</summary>
    public static IReadOnlyList<string>? CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value that follows <paramref name="option"/> (e.g. <c>--state-dir</c>) in <paramref name="arguments"/>, or null.</summary>
    public static string? ValueOf(IReadOnlyList<string> arguments, string option)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == option)
            {
                return arguments[i + 1];
            }
        }

        return null;
    }

    /// <summary>True when one argument is the .NET assembly <paramref name="assemblyFileName"/> (the program a <c>dotnet</c> process runs).</summary>
    public static bool Runs(IReadOnlyList<string> arguments, string assemblyFileName)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Any(a => Path.GetFileName(a) == assemblyFileName);
    }

    /// <summary>
    /// Asks process <paramref name="pid"/> to stop (SIGTERM: a stand-in stops as on Ctrl-C), kills it when it still runs
    /// after <paramref name="grace"/>, and waits for it to exit; false when it had already gone.
    /// </summary>
    public static async Task<bool> StopAsync(int pid, TimeSpan grace, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return false;
        }

        using (process)
        {
            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                if (kill is not null)
                {
                    await kill.WaitForExitAsync(cancellationToken);
                }
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(grace);
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(cancellationToken);
            }

            return true;
        }
    }
}
