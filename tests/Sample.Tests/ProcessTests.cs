using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pipeline.Foundation.Polling;

namespace Pipeline.Sample.Tests;

/// <summary>The published shape: the real process, as the Process platform runs it.</summary>
public sealed class ProcessTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Pipeline.Sample.dll");

    [Fact]
    public async Task Crash_fault_exits_at_startup_with_a_message()
    {
        var (exitCode, stderr) = await RunToExitAsync(("SAMPLE_FAULT", "crash"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("pipeline-sample: crashing at startup because SAMPLE_FAULT=crash", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_provider_exits_with_one_line()
    {
        var (exitCode, stderr) = await RunToExitAsync(("Database__Provider", "oracle"));

        Assert.Equal(2, exitCode);
        Assert.Equal("pipeline-sample: Database__Provider='oracle' is unknown; use sqlite or postgres", stderr.Trim());
    }

    [Fact]
    public async Task Sigterm_lets_an_in_flight_request_finish()
    {
        var dir = Directory.CreateTempSubdirectory("sample-process-").FullName;
        var port = FreePort();
        var start = Start(
            ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"),
            ("ConnectionStrings__Default", $"Data Source={Path.Combine(dir, "sample.db")}"),
            ("SAMPLE_FAULT", "slow"), ("SAMPLE_FAULT_DELAY_MS", "1000"),
            ("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information")); // logs "Request starting"
        using var process = Process.Start(start)!;
        var started = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Request starting", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref started);
            }
        };
        process.BeginOutputReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            await WaitUntilListeningAsync(port);
            (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"))).Dispose();
            var slow = http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"));
            await WaitUntilAsync(() => Volatile.Read(ref started) >= 2, "the sample to start the second request");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var response = await slow;
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stderr)> RunToExitAsync(params (string, string)[] environment)
    {
        using var process = Process.Start(Start([("ASPNETCORE_URLS", $"http://127.0.0.1:{FreePort()}"), .. environment]))!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (process.ExitCode, await stderr);
    }

    private static ProcessStartInfo Start(params (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet", [Dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what) =>
        Assert.True(
            await Poll.TryUntilAsync(_ => Task.FromResult(condition()), PollSchedule.Every(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(20)), CancellationToken.None),
            $"waited 20 s for {what}");

    private static async Task WaitUntilListeningAsync(int port) =>
        Assert.True(
            await Poll.TryUntilAsync(_ => ListensAsync(port), PollSchedule.Every(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10)), CancellationToken.None),
            $"sample never listened on {port}");

    private static async Task<bool> ListensAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
