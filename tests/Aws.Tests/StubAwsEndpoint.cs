using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Aws.Tests;

/// <summary>
/// A scripted HTTP endpoint on loopback: answers requests in arrival order from a queue of responses (the last one
/// repeats; a response can come late, or never, to drive timeouts) and records what it received. Enough to drive
/// retries, error mapping and the wire layout without a mock library.
/// </summary>
internal sealed class StubAwsEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<StubResponse> script;
    private readonly StubResponse last;
    private readonly Task loop;
    private readonly CancellationTokenSource closing = new();

    public StubAwsEndpoint(params StubResponse[] responses)
    {
        script = new ConcurrentQueue<StubResponse>(responses);
        last = responses[^1];
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public void Dispose()
    {
        closing.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the loop.
        }

        closing.Dispose();
    }

    internal static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body));
            var response = script.TryDequeue(out var next) ? next : last;
            _ = AnswerAsync(context, response, Requests.Count);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, StubResponse response, int count)
    {
        try
        {
            if (response.Delay is { } delay)
            {
                await Task.Delay(delay, closing.Token);
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            context.Response.Headers["x-amzn-RequestId"] = $"req-{count}";
            foreach (var (name, value) in response.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            var bytes = response.Bytes ?? Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Closed while answering.
        }
    }
}

/// <summary>One scripted answer; <see cref="Delay"/> holds it back (longer than the client's timeout: a lost answer).</summary>
internal sealed record StubResponse(int Status, string Body, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public TimeSpan? Delay { get; init; }

    public string ContentType { get; init; } = "application/x-amz-json-1.1";

    /// <summary>A body that is not text (an invoked function's raw answer).</summary>
    public byte[]? Bytes { get; init; }

    public static StubResponse Error(int status, string type, string message) =>
        new(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""");
}

/// <summary>What the stub received: method, the URL as sent (path and query, encoded), headers, body bytes.</summary>
internal sealed record RecordedRequest(string Method, string RawUrl, IReadOnlyDictionary<string, string> Headers, byte[] BodyBytes)
{
    public string Body => Encoding.UTF8.GetString(BodyBytes);

    public string? Target => Header("X-Amz-Target");

    public string? ContentType => Header("Content-Type");

    public string? Authorization => Header("Authorization");

    public string? SecurityToken => Header("X-Amz-Security-Token");

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
