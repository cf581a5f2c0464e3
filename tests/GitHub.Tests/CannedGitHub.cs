using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.GitHub.Tests;

/// <summary>A loopback HTTP server answering each request with what the test says: GitHub's errors on demand.</summary>
internal sealed class CannedGitHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<Received, int, Answer> _answer;
    private readonly Task _loop;
    private int _count;

    public CannedGitHub(Func<Received, int, Answer> answer)
    {
        _answer = answer;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public List<string> Requests { get; } = [];

    /// <summary>Every request as received, bodies included.</summary>
    public List<Received> Calls { get; } = [];

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var received = new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, await reader.ReadToEndAsync(), context.Request.ContentType);
            lock (Requests)
            {
                Requests.Add($"{received.Method} {received.Path}");
                Calls.Add(received);
            }

            var answer = _answer(received, Interlocked.Increment(ref _count));
            context.Response.StatusCode = answer.Status;
            if (answer.Body.Length > 0)
            {
                context.Response.ContentType = "application/json; charset=utf-8";
            }
            foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    internal sealed record Received(string Method, string Path, string Query, string Body, string? ContentType)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    internal sealed record Answer(int Status, string Body, Dictionary<string, string>? Headers = null)
    {
        public static Answer Ok(string body) => new(200, body);

        public static Answer NoContent { get; } = new(204, "");

        public static Answer Error(int status, string message, Dictionary<string, string>? headers = null) =>
            new(status, $$"""{"message":"{{message}}","documentation_url":"https://docs.github.com/rest"}""", headers);
    }
}
