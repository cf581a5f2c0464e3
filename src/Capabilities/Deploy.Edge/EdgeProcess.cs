using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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
    public static async Task<EdgeClient> StartDetachedAsync(
        string stateDirectory, EdgePorts ports, ILogger? logger = null, CancellationToken cancellationToken = default)
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
        var start = CreateStartInfo(DotnetHost(), dll, dir, ports, logPath);
        logger.LogInformation("Starting edge on 127.0.0.1:{Port} (state in {Dir}, log {Log})", ports.Public, dir, logPath);
        var logOffset = File.Exists(logPath) ? new FileInfo(logPath).Length : 0;
        using var process = Process.Start(start)
            ?? throw new EdgeException($"could not start {start.FileName} for the edge; is dotnet on PATH?");

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(infoPath))
            {
                try
                {
                    var client = await EdgeClient.ConnectAsync(dir, cancellationToken);
                    logger.LogInformation("Edge pid {Pid} listening on {Url}", client.Info.Pid, client.PublicUrl);
                    return client;
                }
                catch (EdgeUnreachableException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
                {
                    // edge.json is written just before the control listener is fully ready on slow machines
                }
            }

            if (process.HasExited)
            {
                throw new EdgeException(
                    $"edge exited at start with code {process.ExitCode}: {LastLines(logPath, logOffset)} (log {logPath})");
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new EdgeException(
                    $"edge did not start listening on 127.0.0.1:{ports.Public} within 20 s: {LastLines(logPath, logOffset)} (log {logPath})");
            }

            await Task.Delay(50, cancellationToken);
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

        var clock = Stopwatch.StartNew();
        while (!(File.Exists(tokenPath) && new FileInfo(tokenPath).Length > 0) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50, cancellationToken);
        }
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

    private static ProcessStartInfo CreateStartInfo(string dotnet, string dll, string dir, EdgePorts ports, string logPath)
    {
        var edgeArgs = new List<string> { dotnet };
        edgeArgs.AddRange(HostArguments(dll, Assembly.GetEntryAssembly()?.Location));
        edgeArgs.AddRange(["--state-dir", dir, "--port", ports.Public.ToString(Culture)]);
        if (ports.Test is { } test)
        {
            edgeArgs.AddRange(["--test-port", test.ToString(Culture)]);
        }

        edgeArgs.AddRange(["--control-port", ports.Control.ToString(Culture)]);

        var start = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = dir };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = edgeArgs[0];
            foreach (var arg in edgeArgs.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }

            edgeArgs.Clear();
            start.ArgumentList.Add("--log-file");
            start.ArgumentList.Add(logPath);
            start.CreateNoWindow = true;
            return start;
        }

        // A new session (setsid) keeps terminal signals (Ctrl-C, hang-up) of the build away from the edge; the shell
        // points stdin/stdout/stderr away from the build's pipes so CI steps do not wait for the edge to exit.
        var setsid = FindOnPath("setsid");
        var args = new List<string>();
        if (setsid is not null)
        {
            start.FileName = setsid;
            args.Add("/bin/sh");
        }
        else
        {
            start.FileName = "/bin/sh";
        }

        args.AddRange(["-c", "exec \"$@\" </dev/null >>\"$PIPELINE_EDGE_LOG\" 2>&1", "edge"]);
        args.AddRange(edgeArgs);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PIPELINE_EDGE_LOG"] = logPath;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        return start;
    }

    /// <summary>
    /// How dotnet runs the edge. In a repository that references the edge's NuGet package the edge is not an entry point,
    /// so no runtimeconfig.json of its own is copied: it then runs with the entry assembly's runtimeconfig and deps, which
    /// carry the ASP.NET Core framework the package asks for.
    /// </summary>
    internal static IReadOnlyList<string> HostArguments(string dll, string? entryAssembly)
    {
        if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")) || string.IsNullOrEmpty(entryAssembly))
        {
            return [dll];
        }

        var runtimeConfig = Path.ChangeExtension(entryAssembly, ".runtimeconfig.json");
        var deps = Path.ChangeExtension(entryAssembly, ".deps.json");
        return File.Exists(runtimeConfig)
            ? ["exec", "--runtimeconfig", runtimeConfig, .. File.Exists(deps) ? new[] { "--depsfile", deps } : [], dll]
            : [dll];
    }

    private static IFormatProvider Culture => System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>The dotnet host running us (so the edge runs on the same runtime), else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == exe)
        {
            return current;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return path.Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/bin")
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
    }

    private static string LastLines(string logPath, long offset)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length == 0 ? "no output" : string.Join(" | ", lines.TakeLast(3));
        }
        catch (IOException)
        {
            return "no output";
        }
    }
}
