using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Pipeline.Deploy.Edge;

// API summary (the deploy engine's view of the local environment's front door):
//   EdgeProcess.EnsureRunningAsync(stateDir, new EdgePorts(8080, Test: 8081), logger?, ct) -> EdgeClient  (connect or start)
//   EdgeProcess.StartDetachedAsync(stateDir, ports, logger?, ct)                        -> EdgeClient  (start; fails if running)
//   EdgeClient.ConnectAsync(stateDir, ct)                                               -> EdgeClient  (EdgeUnreachableException)
//   client.GetStateAsync(ct)                        -> EdgeState   (ports, RouteTable, per-colour in-flight/totals, Sequence)
//   client.SetRoutesAsync(RouteTable, ct)           -> EdgeState   (atomic switch; invalid table -> EdgeException with reason)
//   client.GetMetricsAsync(colour, since, ct)       -> EdgeMetrics (window after sequence `since`; pass back .Sequence)
//   client.DrainAsync(colour, timeout, ct)          -> DrainResult (waits until the colour has 0 in flight; weight must be 0)
//   client.RemoveAsync(colour, timeout, ct)         -> DrainResult (drain, then drop its upstream from the table)
//   client.KeepRunningAsync(colour, pid, ct)        -> EdgeState   (the edge restarts that process when it dies)
//   client.StopKeepingAsync(colour, pid, ct)        -> bool        (before stopping it)
//   client.ShutdownAsync(ct)                                       (the edge stops; waits for its exit; edge.json removed)
// State dir files: edge.json (EdgeInfo), edge.token (0600 bearer token), edge.log, edge-routes.json (restored on restart),
// edge-kept.json (the processes it keeps running: colour and pid).
// Every failure is an EdgeException whose Message is one line for a human.

/// <summary>Typed client of a running edge's control API (loopback, bearer token from the state directory).</summary>
public sealed class EdgeClient : IDisposable
{
    private readonly HttpClient http;

    private EdgeClient(HttpClient http, string stateDirectory, EdgeInfo info)
    {
        this.http = http;
        StateDirectory = stateDirectory;
        Info = info;
    }

    /// <summary>The state directory this edge keeps its files in.</summary>
    public string StateDirectory { get; }

    /// <summary>Pid and ports, as read from edge.json.</summary>
    public EdgeInfo Info { get; }

    /// <summary>The public URL users call, e.g. http://127.0.0.1:8080/.</summary>
    public Uri PublicUrl => new($"http://127.0.0.1:{Info.PublicPort}/");

    /// <summary>The test listener's URL, or null when the edge has none.</summary>
    public Uri? TestUrl => Info.TestPort is { } port ? new Uri($"http://127.0.0.1:{port}/") : null;

    /// <summary>
    /// Connects to the edge whose files are in <paramref name="stateDirectory"/> and checks that it answers.
    /// Throws <see cref="EdgeUnreachableException"/> when it is not running or does not answer.
    /// </summary>
    public static async Task<EdgeClient> ConnectAsync(string stateDirectory, CancellationToken cancellationToken = default)
    {
        var dir = Path.GetFullPath(stateDirectory);
        var infoPath = Path.Combine(dir, EdgeInfo.FileName);
        EdgeInfo? info = null;
        try
        {
            info = JsonSerializer.Deserialize<EdgeInfo>(await File.ReadAllTextAsync(infoPath, cancellationToken), EdgeJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // handled below: same message as an edge that does not answer
        }

        if (info is null)
        {
            throw new EdgeUnreachableException($"edge not running: no readable {EdgeInfo.FileName} in {dir}") { Remedy = EdgeRemedy.Start };
        }

        var tokenPath = Path.Combine(dir, EdgeInfo.TokenFileName);
        if (!File.Exists(tokenPath) && EdgeProcess.IsEdgeOf(info.Pid, dir))
        {
            await EdgeProcess.RestoreFilesAsync(info.Pid, tokenPath, cancellationToken);
        }

        string token;
        try
        {
            token = (await File.ReadAllTextAsync(tokenPath, cancellationToken)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EdgeUnreachableException(
                $"edge token {tokenPath} unreadable ({e.Message}) and no edge of {dir} runs to write it again", e)
            { Remedy = EdgeRemedy.Reset };
        }

        var client = new EdgeClient(CreateHttp(info.ControlPort, token), dir, info);
        try
        {
            await client.GetStateAsync(cancellationToken);
            return client;
        }
        catch (EdgeException)
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Current routes, ports and live counters.</summary>
    public Task<EdgeState> GetStateAsync(CancellationToken cancellationToken = default) =>
        SendAsync<EdgeState>(HttpMethod.Get, "state", null, cancellationToken);

    /// <summary>
    /// Replaces the route table atomically: requests already in flight finish on the upstream they started on.
    /// An invalid table (weights not 0..100 or not summing to 100, relative URL, test colour without upstream) is refused
    /// with an <see cref="EdgeException"/> naming the reason.
    /// </summary>
    public Task<EdgeState> SetRoutesAsync(RouteTable routes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return SendAsync<EdgeState>(HttpMethod.Put, "routes", routes, cancellationToken);
    }

    /// <summary>Public-listener traffic of <paramref name="colour"/> completed after sequence number <paramref name="since"/>.</summary>
    public Task<EdgeMetrics> GetMetricsAsync(EdgeColour colour, long since = 0, CancellationToken cancellationToken = default) =>
        SendAsync<EdgeMetrics>(HttpMethod.Get, $"metrics?colour={colour.ToText()}&since={since}", null, cancellationToken);

    /// <summary>Every public-listener request of <paramref name="colour"/> completed after sequence number <paramref name="since"/>.</summary>
    public Task<EdgeSamples> GetSamplesAsync(EdgeColour colour, long since = 0, CancellationToken cancellationToken = default) =>
        SendAsync<EdgeSamples>(HttpMethod.Get, $"samples?colour={colour.ToText()}&since={since}", null, cancellationToken);

    /// <summary>
    /// Waits until no request to <paramref name="colour"/> is in flight, up to <paramref name="timeout"/>. The colour must
    /// already have weight 0 and must not be the test colour. Returns whether it drained in time.
    /// </summary>
    public Task<DrainResult> DrainAsync(EdgeColour colour, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendAsync<DrainResult>(
            HttpMethod.Post, $"drain?colour={colour.ToText()}&timeoutMs={(long)timeout.TotalMilliseconds}", null, cancellationToken,
            timeout);

    /// <summary>Drains <paramref name="colour"/> (see <see cref="DrainAsync"/>) and then removes its upstream from the table.</summary>
    public Task<DrainResult> RemoveAsync(EdgeColour colour, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SendAsync<DrainResult>(
            HttpMethod.Delete, $"routes/{colour.ToText()}?timeoutMs={(long)timeout.TotalMilliseconds}", null, cancellationToken,
            timeout);

    /// <summary>
    /// From now on the edge keeps process <paramref name="pid"/> running as <paramref name="colour"/>'s: when it dies, the
    /// edge starts it again with the same command line, folder, environment and log (read from <c>/proc</c> now). Throws an
    /// <see cref="EdgeException"/> when the process cannot be read (gone, not this user's).
    /// </summary>
    public Task<EdgeState> KeepRunningAsync(EdgeColour colour, int pid, CancellationToken cancellationToken = default) =>
        SendAsync<EdgeState>(HttpMethod.Put, $"kept/{colour.ToText()}?pid={pid}", null, cancellationToken);

    /// <summary>
    /// The edge stops keeping <paramref name="colour"/>'s process running (only when it is <paramref name="pid"/>): call it
    /// before stopping the process. Returns whether it was kept.
    /// </summary>
    public async Task<bool> StopKeepingAsync(EdgeColour colour, int pid, CancellationToken cancellationToken = default) =>
        (await SendAsync<JsonElement>(HttpMethod.Delete, $"kept/{colour.ToText()}?pid={pid}", null, cancellationToken)).GetProperty("forgotten").GetBoolean();

    /// <summary>
    /// Asks the edge to stop and waits (up to 20 s) until its process has exited, so its ports are free again. It finishes
    /// in-flight requests first and removes edge.json.
    /// </summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync<JsonElement>(HttpMethod.Post, "shutdown", null, cancellationToken);
        }
        catch (EdgeUnreachableException)
        {
            // it stopped before answering: that is what was asked
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(Info.Pid);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(wait.Token);
        }
        catch (ArgumentException)
        {
            // already exited
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgeException(
                $"edge pid {Info.Pid} did not exit within 20 s of shutdown (state in {StateDirectory}); see edge.log there, or kill {Info.Pid}");
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpClient CreateHttp(int controlPort, string token)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(3) };
        var http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{controlPort}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, TimeSpan? serverWait = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15) + (serverWait ?? TimeSpan.Zero));
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: EdgeJson.Options);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EdgeUnreachableException(
                $"edge at 127.0.0.1:{Info.ControlPort} did not answer {method} /{path} in time (state in {StateDirectory}); see edge.log there", e)
            { Remedy = EdgeRemedy.Reset };
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<T>(EdgeJson.Options, cancellationToken)
                    ?? throw new EdgeException($"edge answered {method} /{path} with an empty body");
            }

            var reason = await ReadErrorAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new EdgeException(
                    $"edge at 127.0.0.1:{Info.ControlPort} refused the token in {Path.Combine(StateDirectory, EdgeInfo.TokenFileName)}; another edge may own the port")
                { Remedy = EdgeRemedy.Reset };
            }

            throw new EdgeException($"edge refused {method} /{path.Split('?')[0]}: {reason}");
        }
    }

    private EdgeUnreachableException Unreachable(HttpRequestException e)
    {
        var why = e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : e.Message;
        return new EdgeUnreachableException($"edge not reachable at 127.0.0.1:{Info.ControlPort} ({why}; state in {StateDirectory})", e)
        {
            Remedy = EdgeRemedy.Start,
        };
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } message)
            {
                return message;
            }
        }
        catch (JsonException)
        {
            // not our JSON error: show the text
        }

        return $"HTTP {(int)response.StatusCode} {text.Trim().ReplaceLineEndings(" ")}";
    }
}
