using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Foundation.Polling;
using Pipeline.Foundation.Processes;

namespace Pipeline.Aws.Local.Hosting;

/// <summary>
/// Runs a stand-in (<c>dotnet &lt;its dll&gt; serve …</c>) as a detached process that outlives the caller, finds it again
/// through the info file it writes, and stops it through its token-guarded control path.
/// </summary>
public static class DetachedServer
{
    public const string PingPath = "_local/ping";
    public const string ShutdownPath = "_local/shutdown";

    /// <summary>
    /// Launches <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in its own session, output appended to
    /// the log file, and waits until its API answers; <paramref name="fail"/> makes the one-line error of a failed start.
    /// </summary>
    public static async Task<TInfo> StartAsync<TInfo>(
        LocalServerFiles files, string dll, IReadOnlyList<string> arguments, Func<string, Exception> fail, CancellationToken cancellationToken)
        where TInfo : class, ILocalServerInfo
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(fail);
        Directory.CreateDirectory(files.StateDirectory);
        if (await TryConnectAsync<TInfo>(files, cancellationToken) is { } running)
        {
            throw fail($"{files.Name} already runs on {running.Endpoint} (pid {running.Pid}) for {files.StateDirectory}; stop it first (down)");
        }

        File.Delete(files.InfoPath);
        using var process = DetachedProcess.Start([DotnetHost.Find(), .. DotnetHost.ArgumentsFor(dll), .. arguments], files.StateDirectory, files.LogPath);
        try
        {
            return (await Poll.UntilAsync(
                async ct => await TryConnectAsync<TInfo>(files, ct) ?? (process.HasExited
                    ? throw fail($"{files.Name} exited at start with code {process.ExitCode}: {LogTail.Summary(files.LogPath, 0, 1)} (log {files.LogPath})")
                    : null),
                info => info is not null,
                PollSchedule.Every(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)),
                $"{files.Name} to answer",
                cancellationToken))!;
        }
        catch (PollTimeoutException)
        {
            throw fail($"{files.Name} did not answer within 60 s: {LogTail.Summary(files.LogPath, 0, 1)} (log {files.LogPath})");
        }
    }

    /// <summary>The stand-in's program: <paramref name="assemblyFileName"/> next to the running application, else the assembly of <paramref name="fallback"/>.</summary>
    internal static string ProgramPath(string assemblyFileName, Type fallback)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assemblyFileName);
        return File.Exists(dll) ? dll : fallback.Assembly.Location;
    }

    /// <summary>The running server of a state directory (its info file names an endpoint that answers the ping), or null.</summary>
    public static async Task<TInfo?> TryConnectAsync<TInfo>(LocalServerFiles files, CancellationToken cancellationToken)
        where TInfo : class, ILocalServerInfo
    {
        ArgumentNullException.ThrowIfNull(files);
        TInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<TInfo>(await File.ReadAllTextAsync(files.InfoPath, cancellationToken), InfoJson.Options);
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
            using var response = await http.GetAsync(new Uri(new Uri(info.Endpoint), PingPath), cancellationToken);
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

    /// <summary>Asks the server of <paramref name="info"/> to stop (with <paramref name="down"/>: to remove everything it runs first) and waits for its process to exit.</summary>
    public static async Task ShutdownAsync(LocalServerFiles files, ILocalServerInfo info, bool down, Func<string, Exception> fail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(fail);
        var token = LoadOrCreateToken(files);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(info.Endpoint), $"{ShutdownPath}?down={(down ? "true" : "false")}"));
            request.Headers.Add(files.TokenHeader, token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw fail($"{files.Name} on {info.Endpoint} refused to stop ({(int)response.StatusCode}); is {files.TokenPath} its token?");
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

    /// <summary>The token a stop request must carry: read from the state directory, or made there (owner-only) on first use.</summary>
    public static string LoadOrCreateToken(LocalServerFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (File.Exists(files.TokenPath))
        {
            return File.ReadAllText(files.TokenPath).Trim();
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(files.TokenPath, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(files.TokenPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }

    /// <summary>Writes the info file that <see cref="TryConnectAsync{TInfo}"/> reads.</summary>
    public static void WriteInfo<TInfo>(LocalServerFiles files, TInfo info)
        where TInfo : class, ILocalServerInfo
    {
        ArgumentNullException.ThrowIfNull(files);
        File.WriteAllText(files.InfoPath, JsonSerializer.Serialize(info, InfoJson.Indented) + "\n");
    }
}
