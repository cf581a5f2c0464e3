using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Aws.Tests;

/// <summary>
/// A scripted HTTP endpoint on loopback: answers requests in order from a queue of responses (the last one repeats)
/// and records what it received. Enough to drive retries and error mapping without a mock library.
/// </summary>
internal sealed class StubAwsEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<StubResponse> script;
    private readonly StubResponse last;
    private readonly Task loop;

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
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under the loop.
        }
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

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

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new RecordedRequest(
                context.Request.HttpMethod,
                context.Request.Headers["X-Amz-Target"],
                context.Request.ContentType,
                context.Request.Headers["Authorization"],
                context.Request.Headers["X-Amz-Security-Token"],
                body));

            var response = script.TryDequeue(out var next) ? next : last;
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = $"req-{Requests.Count}";
            foreach (var (name, value) in response.Headers ?? [])
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

internal sealed record StubResponse(int Status, string Body, IReadOnlyList<(string Name, string Value)>? Headers = null)
{
    public static StubResponse Error(int status, string type, string message) =>
        new(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""");
}

internal sealed record RecordedRequest(string Method, string? Target, string? ContentType, string? Authorization, string? SecurityToken, string Body);
