using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Deploy.Edge;

/// <summary>Starts the edge as a detached, long-lived process: it is the local environment and outlives the build.</summary>
public static class EdgeProcess
{
    /// <summary>File name of the edge's entry assembly, copied next to any assembly that references this project.</summary>
    public const string AssemblyFileName = "Pipeline.Deploy.Edge.dll";

    /// <summary>Connects to the edge of <paramref name="stateDirectory"/> when it answers; otherwise starts one.</summary>
    public static async Task<EdgeClient> EnsureRunningAsync(
        string stateDirectory, EdgePorts ports, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await EdgeClient.ConnectAsync(stateDirectory, cancellationToken);
        }
        catch (EdgeUnreachableException)
        {
            return await StartDetachedAsync(stateDirectory, ports, logger, cancellationToken);
        }
    }

    /// <summary>
    /// Launches <c>dotnet Pipeline.Deploy.Edge.dll --state-dir … --port …</c> in its own session (so Ctrl-C on the build
    /// and the build exiting do not stop it), output appended to <c>&lt;state-dir&gt;/edge.log</c>, and waits until its
    /// control API answers. A port already in use or an edge that exits at once is an <see cref="EdgeException"/> naming it.
    /// </summary>
    public static Task<EdgeClient> StartDetachedAsync(
        string stateDirectory, EdgePorts ports, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(stateDirectory, ports, supervised: false, logger, cancellationToken);

    /// <summary>
    /// Like <see cref="StartDetachedAsync"/>, under a supervisor that starts the edge again when it dies (a kill -9, a
    /// crash) with the routes and kept processes it had; <see cref="EdgeState.SupervisorPid"/> names it. The edge stops
    /// for good when asked to (<see cref="EdgeClient.ShutdownAsync"/>, SIGTERM to either process).
    /// </summary>
    public static Task<EdgeClient> StartSupervisedAsync(
        string stateDirectory, EdgePorts ports, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        StartAsync(stateDirectory, ports, supervised: true, logger, cancellationToken);

    private static async Task<EdgeClient> StartAsync(
        string stateDirectory, EdgePorts ports, bool supervised, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        logger ??= NullLogger.Instance;
        var dir = Path.GetFullPath(stateDirectory);
        Directory.CreateDirectory(dir);
        EnsurePortFree(ports.Public, "public");
        if (ports.Test is { } test)
        {
            EnsurePortFree(test, "test");
        }

        if (ports.Control != 0)
        {
            EnsurePortFree(ports.Control, "control");
        }

        var infoPath = Path.Combine(dir, EdgeInfo.FileName);
        File.Delete(infoPath); // stale from a killed edge: the new one writes it once it listens

        var dll = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(dll))
        {
            throw new EdgeException($"{AssemblyFileName} not found in {AppContext.BaseDirectory}; reference Pipeline.Deploy.Edge from the calling project");
        }

        var logPath = Path.Combine(dir, EdgeInfo.LogFileName);
        logger.LogInformation("Starting edge on 127.0.0.1:{Port} (state in {Dir}, log {Log})", ports.Public, dir, logPath);
        var logOffset = LogTail.End(logPath);
        using var process = DetachedProcess.Start(EdgeArguments(dll, dir, ports, supervised), dir, logPath, logArgumentsOnWindows: ["--log-file", logPath]);
        try
        {
            var client = await Poll.UntilAsync<EdgeClient?>(
                async ct =>
                {
                    if (File.Exists(infoPath))
                    {
                        try
                        {
                            return await EdgeClient.ConnectAsync(dir, ct);
                        }
                        catch (EdgeUnreachableException)
                        {
                            // edge.json is written just before the control listener is fully ready on slow machines
                        }
                    }

                    return process.HasExited
                        ? throw new EdgeException(
                            $"edge exited at start with code {process.ExitCode}: {LogTail.Summary(logPath, logOffset, 3)} (log {logPath})")
                        : null;
                },
                client => client is not null,
                PollSchedule.Every(TimeSpan.FromMilliseconds(50), StartTimeout),
                $"the edge to listen on 127.0.0.1:{ports.Public}",
                cancellationToken);
            logger.LogInformation("Edge pid {Pid} listening on {Url}", client!.Info.Pid, client.PublicUrl);
            return client;
        }
        catch (PollTimeoutException)
        {
            throw new EdgeException(
                $"edge did not start listening on 127.0.0.1:{ports.Public} within {StartTimeout.TotalSeconds:0} s: {LogTail.Summary(logPath, logOffset, 3)} (log {logPath})");
        }
    }

    /// <summary>
    /// True when <paramref name="pid"/> is an edge process serving <paramref name="stateDirectory"/> (by its command line,
    /// so a reused pid is never signalled). Always false where there is no <c>/proc</c>.
    /// </summary>
    public static bool IsEdgeOf(int pid, string stateDirectory)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid.ToString(Culture)}/cmdline").Split('\0');
            var dir = Path.GetFullPath(stateDirectory);
            return arguments.Any(a => a.EndsWith(AssemblyFileName, StringComparison.Ordinal))
                && arguments.SkipWhile(a => a != "--state-dir").Skip(1).FirstOrDefault() == dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Asks the running edge <paramref name="pid"/> to write its token and info files again (SIGHUP) and waits up to 5 s
    /// for <paramref name="tokenPath"/>. The edge keeps serving throughout.
    /// </summary>
    internal static async Task RestoreFilesAsync(int pid, string tokenPath, CancellationToken cancellationToken)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-HUP", pid.ToString(Culture) }, UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync(cancellationToken);
            }
        }

        await Poll.TryUntilAsync(
            _ => Task.FromResult(File.Exists(tokenPath) && new FileInfo(tokenPath).Length > 0),
            PollSchedule.Every(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)),
            cancellationToken);
    }

    /// <summary>Throws an <see cref="EdgeException"/> naming the port when something already listens on 127.0.0.1:<paramref name="port"/>.</summary>
    internal static void EnsurePortFree(int port, string role)
    {
        if (port is < 1 or > 65535)
        {
            throw new EdgeException($"edge {role} port {port} is not a valid TCP port (1..65535)");
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new EdgeException(
                $"edge {role} port 127.0.0.1:{port} is already in use; stop what listens there (ss -ltnp 'sport = :{port}') or choose another port");
        }
    }

    private static List<string> EdgeArguments(string dll, string dir, EdgePorts ports, bool supervised)
    {
        var arguments = new List<string> { DotnetHost.Find() };
        arguments.AddRange(DotnetHost.ArgumentsFor(dll));
        if (supervised)
        {
            arguments.Add(EdgeOptions.SupervisedFlag);
        }

        arguments.AddRange(["--state-dir", dir, "--port", ports.Public.ToString(Culture)]);
        if (ports.Test is { } test)
        {
            arguments.AddRange(["--test-port", test.ToString(Culture)]);
        }

        arguments.AddRange(["--control-port", ports.Control.ToString(Culture)]);
        return arguments;
    }

    private static IFormatProvider Culture => System.Globalization.CultureInfo.InvariantCulture;

    private static TimeSpan StartTimeout => TimeSpan.FromSeconds(20);
}
