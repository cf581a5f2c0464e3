using System.Globalization;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Foundation.Tests.Processes;

public sealed class DetachedProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("foundation-detached-").FullName;
    private readonly List<int> _started = [];

    public void Dispose()
    {
        foreach (var pid in _started)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // already gone
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_child_runs_in_its_own_session_with_stdin_closed_and_output_appended_to_its_log()
    {
        var log = Path.Combine(_directory, "app.log");
        File.WriteAllText(log, "earlier run\n");

        var pid = Start(["/bin/sh", "-c", "echo out; echo err >&2; echo \"$GREETING\"; read line; echo \"read: $line\"; exec sleep 30"], log,
            new Dictionary<string, string> { ["GREETING"] = "hello" });

        var lines = await Poll.UntilAsync(
            _ => Task.FromResult(File.ReadAllLines(log)), l => l.Length >= 5,
            PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)), "the child's output", CancellationToken.None,
            l => string.Join(" | ", l));
        Assert.Equal(["earlier run", "out", "err", "hello", "read: "], lines);
        Assert.Equal(pid, SessionOf(pid)); // setsid: a session leader, so the build's Ctrl-C and hang-up never reach it
        Assert.NotEqual(SessionOf(Environment.ProcessId), SessionOf(pid));
        Assert.Equal("/dev/null", Link(pid, "fd/0"));
        Assert.Equal(log, Link(pid, "fd/1"));
        Assert.Equal(log, Link(pid, "fd/2"));
    }

    [Fact]
    public async Task The_returned_process_is_the_program_itself_and_outlives_its_handle()
    {
        var log = Path.Combine(_directory, "sleep.log");

        var pid = Start(["sleep", "30"], log);

        await Poll.UntilAsync(
            _ => Task.FromResult(CommandLineOf(pid)), c => c == "sleep 30",
            PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)), "sleep to replace the shell", CancellationToken.None,
            c => c);
        Assert.True(Alive(pid), "the child died with its Process handle");
    }

    [Fact]
    public async Task The_child_gets_the_log_variable_and_the_callers_environment_without_its_urls()
    {
        var log = Path.Combine(_directory, "env.log");
        var before = Environment.GetEnvironmentVariable("ASPNETCORE_URLS");
        Environment.SetEnvironmentVariable("ASPNETCORE_URLS", "http://127.0.0.1:1");
        Environment.SetEnvironmentVariable("DOTNET_URLS", "http://127.0.0.1:2");
        int pid;
        try
        {
            pid = Start(["sleep", "30"], log, new Dictionary<string, string> { ["PIPELINE_COLOUR"] = "blue" });
        }
        finally
        {
            Environment.SetEnvironmentVariable("ASPNETCORE_URLS", before);
            Environment.SetEnvironmentVariable("DOTNET_URLS", null);
        }

        var environment = await Poll.UntilAsync(
            _ => Task.FromResult(EnvironmentOf(pid)), e => e.ContainsKey("PIPELINE_COLOUR"),
            PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10)), "the child's environment", CancellationToken.None);
        Assert.Equal(log, environment[DetachedProcess.LogVariable]);
        Assert.Equal("blue", environment["PIPELINE_COLOUR"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment.GetValueOrDefault("PATH"));
        Assert.False(environment.ContainsKey("ASPNETCORE_URLS"), "inherited ASPNETCORE_URLS");
        Assert.False(environment.ContainsKey("DOTNET_URLS"), "inherited DOTNET_URLS");
    }

    [Fact]
    public async Task A_program_that_does_not_exist_exits_and_says_so_in_the_log()
    {
        var log = Path.Combine(_directory, "missing.log");

        using var process = DetachedProcess.Start(["pipeline-no-such-program"], _directory, log);
        await process.WaitForExitAsync();

        Assert.Equal(127, process.ExitCode);
        Assert.Contains("not found", LogTail.Summary(log, 0, 3), StringComparison.Ordinal);
    }

    [Fact]
    public void A_start_without_a_program_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DetachedProcess.Start([], _directory, Path.Combine(_directory, "x.log")));
    }

    private int Start(IReadOnlyList<string> arguments, string log, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = DetachedProcess.Start(arguments, _directory, log, environment);
        _started.Add(process.Id);
        return process.Id;
    }

    private static int SessionOf(int pid) => int.Parse(StatOf(pid)[3], CultureInfo.InvariantCulture);

    /// <summary>The fields of /proc/&lt;pid&gt;/stat after the command name: state ppid pgrp session …</summary>
    private static string[] StatOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static string? Link(int pid, string fd) => new FileInfo($"/proc/{pid}/{fd}").LinkTarget;

    private static string CommandLineOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").TrimEnd('\0').Replace('\0', ' ');

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/stat") && StatOf(pid)[0] != "Z";
}
