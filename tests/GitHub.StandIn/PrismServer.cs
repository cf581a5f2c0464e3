using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Pipeline.Foundation.Polling;

namespace Pipeline.GitHub.StandIn;

/// <summary>One Prism process on a free loopback port: <c>mock</c> of the description, or <c>proxy</c> to a fake of ours.</summary>
internal sealed class PrismServer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrismServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <c>prism mock</c> (or <c>prism proxy … --errors</c> when <paramref name="upstream"/> is given) and waits until it answers.</summary>
    public static async Task<PrismServer> StartAsync(string prismScript, string description, Uri? upstream, TimeSpan timeout)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(prismScript);
        start.ArgumentList.Add(upstream is null ? "mock" : "proxy");
        start.ArgumentList.Add(description);
        if (upstream is not null)
        {
            start.ArgumentList.Add(upstream.AbsoluteUri.TrimEnd('/'));
            start.ArgumentList.Add("--errors");
        }

        foreach (var argument in new[] { "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new PrismServer(Process.Start(start)!, port);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var listening = await Poll.TryUntilAsync(
            _ => server._process.HasExited
                ? throw new InvalidOperationException($"prism exited with {server._process.ExitCode}:\n{server.Log}")
                : Task.FromResult(server.Log.Contains("Prism is listening", StringComparison.Ordinal)),
            PollSchedule.Every(TimeSpan.FromMilliseconds(200), timeout),
            CancellationToken.None);
        if (listening)
        {
            return server;
        }

        server.Dispose();
        throw new TimeoutException($"prism did not listen on {port} within {timeout.TotalSeconds} s:\n{server.Log}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
