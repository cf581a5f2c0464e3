using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Pipeline.Ecs.Local.Protocol;

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
        var args = new List<string>();
        args.AddRange(HostArguments(dll));
        args.AddRange(EcsLocalCommandLine.ToArguments(options with { StateDirectory = dir }));
        var start = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = dir };
        var setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);
        var shell = new List<string>();
        if (setsid is not null)
        {
            start.FileName = setsid;
            shell.Add("/bin/sh");
        }
        else
        {
            start.FileName = "/bin/sh";
        }

        shell.AddRange(["-c", "exec \"$@\" </dev/null >>\"$PIPELINE_ECS_LOCAL_LOG\" 2>&1", "ecs-local", DotnetHost()]);
        shell.AddRange(args);
        foreach (var arg in shell)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PIPELINE_ECS_LOCAL_LOG"] = logPath;
        start.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(start) ?? throw new EcsLocalException("could not start dotnet for the local ECS; is dotnet on PATH?");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryConnectAsync(dir, cancellationToken) is { } info)
            {
                return info;
            }

            if (process.HasExited)
            {
                throw new EcsLocalException($"the local ECS exited at start with code {process.ExitCode}: {LastLine(logPath)} (log {logPath})");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new EcsLocalException($"the local ECS did not answer within 60 s: {LastLine(logPath)} (log {logPath})");
            }

            await Task.Delay(100, cancellationToken);
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

    private static IReadOnlyList<string> HostArguments(string dll)
    {
        if (File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            return [dll];
        }

        var entry = Assembly.GetEntryAssembly()?.Location;
        var runtimeConfig = entry is null ? null : Path.ChangeExtension(entry, ".runtimeconfig.json");
        var deps = entry is null ? null : Path.ChangeExtension(entry, ".deps.json");
        return runtimeConfig is not null && File.Exists(runtimeConfig)
            ? ["exec", "--runtimeconfig", runtimeConfig, .. deps is not null && File.Exists(deps) ? new[] { "--depsfile", deps } : [], dll]
            : [dll];
    }

    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } current && Path.GetFileName(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    private static string LastLine(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
        }
        catch (IOException)
        {
            return "no output";
        }
    }

    internal static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
