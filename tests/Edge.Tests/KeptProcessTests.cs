using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Edge.Tests;

using Process = System.Diagnostics.Process; // not the Pipeline.Deploy.Process namespace

/// <summary>
/// The edge as the Process platform's supervisor: a kept process that dies is started again as it was; one taken back
/// stays stopped; a supervised edge killed with -9 comes back with its routes, and stops for good when asked.
/// </summary>
public sealed class KeptProcessTests : IDisposable
{
    private readonly string stateDirectory = Directory.CreateTempSubdirectory("edge-kept-").FullName;
    private readonly string workDirectory = Directory.CreateTempSubdirectory("edge-kept-work-").FullName;
    private readonly List<int> started = [];

    [Fact]
    public async Task A_kept_process_that_dies_is_started_again_with_its_command_folder_and_environment()
    {
        using var edge = await EdgeProcess.StartDetachedAsync(stateDirectory, new EdgePorts(EdgeFixture.FreePort()));
        try
        {
            var pid = StartSleeper();
            await edge.KeepRunningAsync(EdgeColour.Blue, pid);

            Kill(pid);
            var restarted = await WaitForRestartAsync(edge, 1);
            Assert.NotEqual(pid, restarted.Pid);
            started.Add(restarted.Pid);
            Assert.Equal($"pid {pid} was gone", restarted.LastDeath);
            await Pipeline.Testing.Eventually.WaitForAsync( // /proc hides it for a moment while the process execs
                () => CwdOf(restarted.Pid) == workDirectory, TimeSpan.FromSeconds(5), $"pid {restarted.Pid} to run in {workDirectory} ({CwdOf(restarted.Pid)}; {Describe(restarted.Pid)})");
            Assert.Contains("KEPT_CHECK=yes\0", await File.ReadAllTextAsync($"/proc/{restarted.Pid}/environ"), StringComparison.Ordinal);
            Assert.Equal(["sleep", "600"], (await File.ReadAllTextAsync($"/proc/{restarted.Pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileName));

            Assert.True(await edge.StopKeepingAsync(EdgeColour.Blue, restarted.Pid));
            Kill(restarted.Pid);
            var another = StartSleeper(); // a look of the edge's watch passes: nothing of blue comes back
            await edge.KeepRunningAsync(EdgeColour.Green, another);
            Kill(another);
            var green = await WaitForRestartAsync(edge, 1, EdgeColour.Green);
            started.Add(green.Pid);
            Assert.Equal([green.Pid], RunningIn(workDirectory));
        }
        finally
        {
            await edge.ShutdownAsync();
        }
    }

    [Fact]
    public async Task A_supervised_edge_killed_with_9_comes_back_with_its_routes_and_stops_for_good_when_asked()
    {
        var port = EdgeFixture.FreePort();
        await using var blue = await Upstream.StartAsync("blue");
        int supervisor;
        using (var first = await EdgeProcess.StartSupervisedAsync(stateDirectory, new EdgePorts(port)))
        {
            supervisor = first.Info.SupervisorPid!.Value;
            await first.SetRoutesAsync(new RouteTable(new UpstreamRoute(blue.Address, 100, "1.0.0"), null));
            Kill(first.Info.Pid);
        }

        EdgeClient? second = null;
        await Pipeline.Testing.Eventually.WaitForAsync(
            async () =>
            {
                try
                {
                    second = await EdgeClient.ConnectAsync(stateDirectory);
                    return true;
                }
                catch (EdgeUnreachableException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(20),
            "the supervisor to start the edge again");
        using (second)
        {
            var state = await second!.GetStateAsync();
            Assert.Equal(1, state.Restarts);
            Assert.Equal(supervisor, state.SupervisorPid);
            Assert.StartsWith("the edge exited with code 137", state.LastDeath, StringComparison.Ordinal);
            Assert.Equal(blue.Address, state.Routes.Blue!.Address);
            using var http = new HttpClient();
            Assert.True((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"))).IsSuccessStatusCode);

            await second.ShutdownAsync();
        }

        await Pipeline.Testing.Eventually.WaitForAsync(() => !File.Exists($"/proc/{supervisor}/status"), TimeSpan.FromSeconds(10), "the supervisor to exit with the edge");
    }

    public void Dispose()
    {
        foreach (var pid in started)
        {
            Kill(pid);
        }

        Directory.Delete(stateDirectory, recursive: true);
        Directory.Delete(workDirectory, recursive: true);
    }

    private static async Task<KeptProcess> WaitForRestartAsync(EdgeClient edge, int restarts, EdgeColour colour = EdgeColour.Blue)
    {
        KeptProcess? kept = null;
        await Pipeline.Testing.Eventually.WaitForAsync(
            async () => (kept = (await edge.GetStateAsync()).Kept?.FirstOrDefault(k => k.Colour == colour)) is { } k && k.Restarts >= restarts,
            TimeSpan.FromSeconds(10),
            $"the edge to start {colour.ToText()} again");
        return kept!;
    }

    /// <summary>The pids of the processes whose working folder is <paramref name="directory"/>.</summary>
    private static List<int> RunningIn(string directory) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && CwdOf(pid) == directory)];

    private static string Describe(int pid) => File.Exists($"/proc/{pid}/status") ? string.Join(" ", File.ReadAllLines($"/proc/{pid}/status").Where(l => l.StartsWith("State", StringComparison.Ordinal) || l.StartsWith("PPid", StringComparison.Ordinal) || l.StartsWith("Name", StringComparison.Ordinal))) : "gone";

    private static string? CwdOf(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private int StartSleeper()
    {
        using var process = DetachedProcess.Start(["sleep", "600"], workDirectory, Path.Combine(workDirectory, "sleep.log"),
            new Dictionary<string, string> { ["KEPT_CHECK"] = "yes" });
        started.Add(process.Id);
        return process.Id;
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }
}
