using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipeline.Foundation.Polling;
using Pipeline.Testing.Requirements;

namespace Pipeline.Testing.Aws;

/// <summary>
/// A real moto server (<c>python3 -m moto.server</c>) on a free loopback port, for AWS API tests over real HTTP with
/// real SigV4. Use it as an xunit class or collection fixture; state is shared by the tests using one instance, so give
/// resources unique names (<see cref="UniqueName"/>) or call <see cref="ResetAsync"/>.
/// Moto accepts any credentials unless <see cref="EnableAuthenticationAsync"/> is used; use fake ones such as
/// <c>test</c>/<c>test</c>.
/// </summary>
public sealed class MotoServer : IAsyncLifetime, IDisposable
{
    /// <summary>The account moto uses for every request made with non-IAM credentials.</summary>
    public const string DefaultAccountId = "123456789012";

    private readonly StringBuilder output = new();
    private Process? process;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:41234/</c>: use it as the service endpoint of any AWS client.</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public int Port { get; private set; }

    /// <summary>The account id moto reports (<c>MOTO_ACCOUNT_ID</c> of the server process, default 123456789012).</summary>
    public string AccountId { get; init; } = DefaultAccountId;

    /// <summary>
    /// The password inside moto's ECR authorization token for a registry: <c>&lt;registryId&gt;-auth-token</c> (user <c>AWS</c>).
    /// Give a test registry this htpasswd password to run token → login → push end to end.
    /// </summary>
    public static string EcrAuthorizationPassword(string registryId) => $"{registryId}-auth-token";

    /// <summary>Moto's ECR password for this server's default registry (<see cref="AccountId"/>).</summary>
    public string EcrPassword => EcrAuthorizationPassword(AccountId);

    /// <summary>Starts the server now (for use outside xunit's lifetime).</summary>
    public static async Task<MotoServer> StartAsync(string accountId = DefaultAccountId)
    {
        var server = new MotoServer { AccountId = accountId };
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A name no other test uses: <c>&lt;prefix&gt;-&lt;8 hex&gt;</c>, lowercase as ECR requires.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)].ToLowerInvariant();

    public Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Moto))
        {
            return Task.CompletedTask; // the tests that need moto are skipped
        }

        Availability.Ensure(Requirement.Moto);

        Port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-m", "moto.server", "-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MOTO_ACCOUNT_ID"] = AccountId;
        process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m moto.server did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Forgets every resource in every service (<c>POST /moto-api/reset</c>).</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => PostAsync("moto-api/reset", string.Empty, cancellationToken);

    /// <summary>
    /// Turns on IAM authentication and authorization after <paramref name="unauthenticatedRequests"/> more requests
    /// (<c>POST /moto-api/reset-auth</c>): from then on only access keys created through moto's IAM API work, within
    /// their policies — the way to get a real <c>AccessDeniedException</c>. Pass a huge number to turn it off again.
    /// </summary>
    public Task EnableAuthenticationAsync(int unauthenticatedRequests = 0, CancellationToken cancellationToken = default) =>
        PostAsync("moto-api/reset-auth", unauthenticatedRequests.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>
    /// Creates an IAM user with one inline policy and an access key, through moto's IAM Query API. Call it before
    /// <see cref="EnableAuthenticationAsync"/>; then requests signed with the key get moto's real policy evaluation
    /// (e.g. <c>AccessDenied</c> for an action the policy does not allow).
    /// </summary>
    public async Task<MotoAccessKey> CreateUserAsync(string userName, string policyDocument, CancellationToken cancellationToken = default)
    {
        await IamAsync(new() { ["Action"] = "CreateUser", ["UserName"] = userName }, cancellationToken);
        await IamAsync(
            new() { ["Action"] = "PutUserPolicy", ["UserName"] = userName, ["PolicyName"] = "test", ["PolicyDocument"] = policyDocument },
            cancellationToken);
        var key = await IamAsync(new() { ["Action"] = "CreateAccessKey", ["UserName"] = userName }, cancellationToken);
        string Value(string name) => key.Descendants().First(e => e.Name.LocalName == name).Value;
        return new MotoAccessKey(userName, Value("AccessKeyId"), Value("SecretAccessKey"));
    }

    /// <summary>What the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (process is null)
        {
            return;
        }

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

    private async Task PostAsync(string path, string body, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(10) };
        using var content = new StringContent(body);
        using var response = await http.PostAsync(path, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    // Moto routes by the credential scope in Authorization and skips signature checks until authentication is on.
    private async Task<System.Xml.Linq.XDocument> IamAsync(Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        parameters["Version"] = "2010-05-08";
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(parameters) };
        request.Headers.TryAddWithoutValidation(
            "Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto IAM {parameters["Action"]} failed ({(int)response.StatusCode}): {body}");
        }

        return System.Xml.Linq.XDocument.Parse(body);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(2) };
        if (!await Poll.TryUntilAsync(_ => AnswersAsync(http), PollSchedule.Every(TimeSpan.FromMilliseconds(100), limit), CancellationToken.None))
        {
            Dispose();
            throw new TimeoutException($"moto server on {Endpoint} did not answer within {limit.TotalSeconds} s: {Output}");
        }
    }

    private async Task<bool> AnswersAsync(HttpClient http)
    {
        if (process is { HasExited: true })
        {
            throw new InvalidOperationException($"moto server exited with code {process.ExitCode} before answering: {Output}");
        }

        try
        {
            using var response = await http.GetAsync("moto-api/data.json");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException)
        {
            return false; // listening but busy starting
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep the start (errors) and bound the request log.
            if (output.Length < 64_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
