using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Deploy.Edge.Tests;

using Process = System.Diagnostics.Process; // not the Pipeline.Deploy.Process namespace

public sealed class EdgeProcessTests : IDisposable
{
    private readonly string stateDirectory = Directory.CreateTempSubdirectory("edge-process-").FullName;

    [Fact]
    public async Task Connecting_without_a_running_edge_says_how_to_start_it()
    {
        var error = await Assert.ThrowsAsync<EdgeUnreachableException>(() => EdgeClient.ConnectAsync(stateDirectory));

        Assert.Equal($"edge not running: no readable edge.json in {stateDirectory}", error.Message);
        Assert.Equal(EdgeRemedy.Start, error.Remedy); // the build words it as its own command
    }

    [Fact]
    public async Task A_public_port_in_use_is_named_in_one_line()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<EdgeException>(() => EdgeProcess.StartDetachedAsync(stateDirectory, new EdgePorts(port)));

        Assert.StartsWith($"edge public port 127.0.0.1:{port} is already in use;", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Edge_runs_in_its_own_session_and_a_restart_after_kill_9_restores_its_routes()
    {
        var port = EdgeFixture.FreePort();
        await using var blue = await Upstream.StartAsync("blue");
        var routes = new RouteTable(new UpstreamRoute(blue.Address, 100, "1.0.0"), null);

        int pid;
        using (var first = await EdgeProcess.StartDetachedAsync(stateDirectory, new EdgePorts(port)))
        {
            pid = first.Info.Pid;
            Assert.NotEqual(SessionOf(Environment.ProcessId), SessionOf(pid)); // Ctrl-C on the build does not reach it
            await first.SetRoutesAsync(routes);
        }

        using (var process = System.Diagnostics.Process.GetProcessById(pid))
        {
            process.Kill(); // SIGKILL: edge.json stays behind, stale
            await process.WaitForExitAsync();
        }

        var unreachable = await Assert.ThrowsAsync<EdgeUnreachableException>(() => EdgeClient.ConnectAsync(stateDirectory));
        Assert.StartsWith("edge not reachable at 127.0.0.1:", unreachable.Message);
        Assert.Equal(EdgeRemedy.Start, unreachable.Remedy);
        Assert.DoesNotContain("build.sh", unreachable.Message, StringComparison.Ordinal);

        using var second = await EdgeProcess.EnsureRunningAsync(stateDirectory, new EdgePorts(port));
        try
        {
            Assert.NotEqual(pid, second.Info.Pid);
            Assert.Equal(routes, (await second.GetStateAsync()).Routes);
            using var http = new HttpClient();
            Assert.Equal("blue", await http.GetStringAsync(second.PublicUrl));
        }
        finally
        {
            await second.ShutdownAsync();
            EdgeFixture.KillIfAlive(second.Info.Pid);
        }

        Assert.False(File.Exists(Path.Combine(stateDirectory, EdgeInfo.FileName)), "edge.json is removed on shutdown");
    }

    [Fact]
    public async Task Edge_with_bad_arguments_exits_with_its_reason()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, EdgeProcess.AssemblyFileName);
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo("dotnet", [dll, "--port", "abc"]) { RedirectStandardError = true })!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("edge: --port 'abc' is not a TCP port (1..65535)", stderr);
    }

    public void Dispose() => Directory.Delete(stateDirectory, recursive: true);

    /// <summary>Session id (field 6 of /proc/pid/stat).</summary>
    private static string SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3];
    }
}
