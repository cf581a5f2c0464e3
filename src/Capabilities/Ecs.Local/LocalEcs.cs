using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Ecs.Local.Protocol;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Ecs.Local;

// API summary (what a build target calls):
//   var ecs = await LocalEcs.StartDetachedAsync(new EcsLocalOptions { Port = 4599, StateDirectory = ".ecs-local", AccessKey = "…", SecretKey = "…" }, ct);
//   ecs.Endpoint  -> http://127.0.0.1:4599/   (aws --endpoint-url, AWS_ENDPOINT_URL_ECS)
//   await LocalEcs.StopAsync(stateDirectory, down: true, ct)   (down: also stop every task and load balancer)

/// <summary>Starts a local ECS as a detached process that outlives the caller, and stops it.</summary>
public static class LocalEcs
{
    public const string AssemblyFileName = "Pipeline.Ecs.Local.dll";
    public const string LogFileName = "ecs-local.log";

    /// <summary>
    /// Launches <c>dotnet Pipeline.Ecs.Local.dll serve …</c> in its own session, output appended to
    /// <c>&lt;state-dir&gt;/ecs-local.log</c>, and waits until its API answers; returns what it wrote to ecs-local.json.
    /// </summary>
    public static async Task<EcsLocalInfo> StartDetachedAsync(EcsLocalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(dir);
        if (await TryConnectAsync(dir, cancellationToken) is { } running)
        {
            throw new EcsLocalException($"a local ECS already runs on {running.Endpoint} (pid {running.Pid}) for {dir}; stop it first (down)");
        }

        var infoPath = Path.Combine(dir, EcsLocalServer.InfoFileName);
        File.Delete(infoPath);
        var dll = Path.Combine(AppContext.BaseDirectory, AssemblyFileName);
        if (!File.Exists(dll))
        {
            dll = typeof(LocalEcs).Assembly.Location;
        }

        var logPath = Path.Combine(dir, LogFileName);
        using var process = DetachedProcess.Start(
            [DotnetHost.Find(), .. DotnetHost.ArgumentsFor(dll), .. EcsLocalCommandLine.ToArguments(options with { StateDirectory = dir })], dir, logPath);
        try
        {
            return (await Poll.UntilAsync(
                async ct => await TryConnectAsync(dir, ct) ?? (process.HasExited
                    ? throw new EcsLocalException($"the local ECS exited at start with code {process.ExitCode}: {LastLine(logPath)} (log {logPath})")
                    : null),
                info => info is not null,
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)),
                "the local ECS to answer",
                cancellationToken))!;
        }
        catch (PollTimeoutException)
        {
            throw new EcsLocalException($"the local ECS did not answer within 60 s: {LastLine(logPath)} (log {logPath})");
        }
    }

    /// <summary>The running local ECS of a state directory, or null when none answers.</summary>
    public static async Task<EcsLocalInfo?> TryConnectAsync(string stateDirectory, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetFullPath(stateDirectory), EcsLocalServer.InfoFileName);
        EcsLocalInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<EcsLocalInfo>(await File.ReadAllTextAsync(path, cancellationToken), EcsJson.Options);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }

        if (info is null)
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await http.GetAsync(new Uri(new Uri(info.Endpoint), "_local/ping"), cancellationToken);
            return response.IsSuccessStatusCode ? info : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops the local ECS of a state directory and waits for its process to exit. With <paramref name="down"/> it first
    /// stops every task and load balancer, so no container is left behind; when no server runs, down cleans up directly.
    /// </summary>
    public static async Task StopAsync(string stateDirectory, bool down = true, CancellationToken cancellationToken = default)
    {
        var dir = Path.GetFullPath(stateDirectory);
        if (await TryConnectAsync(dir, cancellationToken) is not { } info)
        {
            if (down && File.Exists(Path.Combine(dir, State.EcsStore.FileName)))
            {
                await using var engine = new EcsEngine(
                    new EcsLocalOptions { StateDirectory = dir, AccessKey = "-", SecretKey = "-" },
                    Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
                await engine.DownAsync(cancellationToken);
            }

            return;
        }

        var token = EcsLocalServer.LoadOrCreateToken(dir);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(info.Endpoint), $"_local/shutdown?down={(down ? "true" : "false")}"));
            request.Headers.Add("X-Local-Ecs-Token", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new EcsLocalException($"the local ECS on {info.Endpoint} refused to stop ({(int)response.StatusCode}); is {Path.Combine(dir, EcsLocalServer.TokenFileName)} its token?");
            }
        }

        try
        {
            using var process = Process.GetProcessById(info.Pid);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (ArgumentException)
        {
            // already exited
        }
    }

    private static string LastLine(string path) => LogTail.Summary(path, 0, 1);

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
