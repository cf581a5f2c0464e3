using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Pipeline.Deploy.Edge;

/// <summary>
/// The parent of a supervised edge (<c>--supervised</c>, what the local platforms start): runs the edge as its child and
/// starts it again when it dies (a kill -9, a crash) — the routes, the kept processes and the token are in the state
/// folder, so the new edge serves what the old one did. An edge that stops because it was asked to (the control API's
/// shutdown, SIGTERM) exits 0 and the supervisor with it; one that cannot start (a port in use, bad arguments) ends it
/// with the edge's exit code. One that keeps dying right after a start is given up after <see cref="MaxQuickDeaths"/>.
/// </summary>
internal static class EdgeSupervisor
{
    /// <summary>Set in the edge's environment: its supervisor's pid, how often it was started again, and why last.</summary>
    public const string PidVariable = "PIPELINE_EDGE_SUPERVISOR";

    public const string RestartsVariable = "PIPELINE_EDGE_RESTARTS";

    public const string LastDeathVariable = "PIPELINE_EDGE_LAST_DEATH";

    private const int MaxQuickDeaths = 5;

    private static readonly TimeSpan QuickDeath = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync()
    {
        var command = OwnCommandLine().Where(a => a != EdgeOptions.SupervisedFlag).ToList();
        var stopping = false;
        Process? edge = null;
        using var terminate = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        var restarts = 0;
        var quickDeaths = 0;
        string? lastDeath = null;
        while (true)
        {
            var started = Stopwatch.StartNew();
            edge = Start(command, restarts, lastDeath);
            await edge.WaitForExitAsync();
            var code = edge.ExitCode;
            edge.Dispose();
            if (stopping || code == 0)
            {
                return 0;
            }

            if (restarts == 0 && started.Elapsed < QuickDeath && code is 2 or 3)
            {
                return code; // it never served: its reason is in the log, for whoever started it
            }

            quickDeaths = started.Elapsed < QuickDeath ? quickDeaths + 1 : 0;
            lastDeath = string.Create(CultureInfo.InvariantCulture, $"the edge exited with code {code} at {DateTimeOffset.UtcNow:HH:mm:ss}Z");
            await Console.Out.WriteLineAsync($"edge supervisor: {lastDeath}; starting it again");
            if (quickDeaths >= MaxQuickDeaths)
            {
                await Console.Error.WriteLineAsync($"edge supervisor: the edge died {quickDeaths} times within {QuickDeath.TotalSeconds:0} s of a start; giving up");
                return 1;
            }

            await Task.Delay(quickDeaths == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Pow(2, quickDeaths - 1)));
            restarts++;
        }

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopping = true;
            if (edge is { HasExited: false } running)
            {
                using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", running.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                kill?.WaitForExit();
            }
        }
    }

    /// <summary>The edge as a child in the supervisor's session, writing where the supervisor writes (the edge's log).</summary>
    private static Process Start(IReadOnlyList<string> command, int restarts, string? lastDeath)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[PidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment[RestartsVariable] = restarts.ToString(CultureInfo.InvariantCulture);
        start.Environment[LastDeathVariable] = lastDeath ?? "";
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
    }

    /// <summary>How this process was started (host options included), from <c>/proc</c> where there is one.</summary>
    private static IReadOnlyList<string> OwnCommandLine() =>
        File.Exists("/proc/self/cmdline")
            ? File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            : [Environment.ProcessPath!, .. Environment.GetCommandLineArgs()];
}
