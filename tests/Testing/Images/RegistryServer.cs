using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipeline.Foundation.Polling;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Tools;

namespace Pipeline.Testing.Images;

/// <summary>
/// A real image registry (Debian's <c>docker-registry</c>, distribution 2.8) on 127.0.0.1:&lt;free port&gt; with its own
/// config, storage in a temp directory and htpasswd (bcrypt) basic auth. The Docker engine treats 127.0.0.0/8
/// registries as insecure, so pushes go over plain HTTP without daemon configuration. The access log is kept, so tests
/// can count blob uploads.
/// </summary>
public sealed class RegistryServer : IAsyncLifetime, IDisposable
{
    private readonly List<string> log = [];
    private readonly string directory = Path.Combine(Path.GetTempPath(), "pipeline-registry-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? process;

    /// <summary>User in the htpasswd file (e.g. <c>AWS</c> to stand in for ECR).</summary>
    public string Username { get; init; } = "AWS";

    /// <summary>Password in the htpasswd file; for the ECR flow, the password moto's authorization token decodes to.</summary>
    public string Password { get; init; } = MotoPassword;

    /// <summary>Moto's ECR token password for its default account, so one registry serves both flows.</summary>
    public const string MotoPassword = "123456789012-auth-token";

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:&lt;port&gt;</c>: the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public Uri Endpoint => new($"http://{Host}/");

    /// <summary>Starts the registry; as a fixture of tests that are skipped for want of one (<see cref="Requirement.Registry"/>), starts nothing.</summary>
    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Registry))
        {
            return;
        }

        Availability.Ensure(Requirement.Registry);

        Directory.CreateDirectory(Path.Combine(directory, "data"));
        var htpasswd = await RunAsync("htpasswd", "-Bbn", Username, Password);
        await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), htpasswd);
        Port = FreePort();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
              delete:
                enabled: true
            http:
              addr: {Host}
            auth:
              htpasswd:
                realm: pipeline-test
                path: {Path.Combine(directory, "htpasswd")}
            """);
        var start = new ProcessStartInfo(SearchPath.Find("docker-registry")!)
        {
            ArgumentList = { "serve", config },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    /// <summary>Access log lines so far (method, path and status of every request).</summary>
    public IReadOnlyList<string> AccessLog
    {
        get
        {
            lock (log)
            {
                return [.. log];
            }
        }
    }

    /// <summary>Blob upload requests (<c>PATCH</c>/<c>PUT</c> on <c>/blobs/uploads/</c>) in the access log so far.</summary>
    public int BlobUploads => AccessLog.Count(l =>
        (l.Contains("\"PATCH /v2/", StringComparison.Ordinal) || l.Contains("\"PUT /v2/", StringComparison.Ordinal))
        && l.Contains("/blobs/uploads/", StringComparison.Ordinal));

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
            process = null;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (!await Poll.TryUntilAsync(_ => AnswersAsync(http), PollSchedule.Every(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20)), CancellationToken.None))
        {
            throw new TimeoutException($"docker-registry on {Host} did not answer within 20 s: {string.Join('\n', AccessLog)}");
        }
    }

    private async Task<bool> AnswersAsync(HttpClient http)
    {
        if (process is { HasExited: true })
        {
            throw new InvalidOperationException($"docker-registry exited with code {process.ExitCode}: {string.Join('\n', AccessLog)}");
        }

        try
        {
            using var response = await http.GetAsync(new Uri(Endpoint, "v2/"));
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Add(line);
        }
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = await child.StandardOutput.ReadToEndAsync();
        var error = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        return child.ExitCode == 0 ? output.Trim() + "\n" : throw new InvalidOperationException($"{file} failed ({child.ExitCode}): {error}");
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
