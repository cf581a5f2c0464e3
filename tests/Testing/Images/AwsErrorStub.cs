using System.Net;
using System.Text;

namespace Pipeline.Testing.Images;

/// <summary>
/// A tiny AWS JSON 1.1 endpoint on 127.0.0.1 that answers each operation (by <c>X-Amz-Target</c>) with a canned status
/// and body — for errors moto does not produce, such as IAM or repository-policy <c>AccessDeniedException</c>.
/// Operations without a canned answer get <c>400 UnknownOperationException</c>.
/// </summary>
public sealed class AwsErrorStub : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, (HttpStatusCode Status, string Body)> answers = new(StringComparer.Ordinal);

    public AwsErrorStub()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = Random.Shared.Next(20000, 60000);
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
                listener = new HttpListener();
            }
        }

        _ = ServeAsync();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>Operations received, in order (e.g. <c>GetAuthorizationToken</c>).</summary>
    public List<string> Received { get; } = [];

    /// <summary>Each request received, in order: its operation and JSON body.</summary>
    public List<(string Operation, string Body)> Requests { get; } = [];

    /// <summary>Answers <paramref name="operation"/> with an AWS JSON error (<c>__type</c>, <c>message</c>).</summary>
    public AwsErrorStub Fail(string operation, string errorCode, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        answers[operation] = (status, $$"""{"__type":"{{errorCode}}","message":{{System.Text.Json.JsonSerializer.Serialize(message)}}}""");
        return this;
    }

    /// <summary>Answers <paramref name="operation"/> with 200 and <paramref name="json"/>.</summary>
    public AwsErrorStub Succeed(string operation, string json)
    {
        answers[operation] = (HttpStatusCode.OK, json);
        return this;
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

            var target = context.Request.Headers["X-Amz-Target"] ?? "";
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = await reader.ReadToEndAsync();
            lock (Received)
            {
                Received.Add(operation);
                Requests.Add((operation, request));
            }

            var (status, body) = answers.TryGetValue(operation, out var answer)
                ? answer
                : (HttpStatusCode.BadRequest, $$"""{"__type":"UnknownOperationException","message":"stub has no answer for {{operation}}"}""");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose() => listener.Close();
}
