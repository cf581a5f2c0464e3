using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Pipeline.Aws;
using Pipeline.Aws.Lambda;

namespace Pipeline.Deploy.Lambda;

/// <summary>
/// A loopback HTTP front for one qualifier of the function, alive while a deploy runs: each request becomes a Lambda
/// <c>Invoke</c> of that version or alias with the function URL event (payload format 2.0), and the function's
/// <c>{statusCode, headers, body}</c> becomes the answer — what a function URL does, for a qualifier that cannot have
/// one (function URLs exist for aliases only). Smoke tests, written once as HTTP checks, run through it against the new
/// version directly, with nothing but <c>lambda:InvokeFunction</c>.
/// </summary>
internal sealed class InvokeBridge : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly LambdaClient lambda;
    private readonly string function;
    private readonly string qualifier;
    private readonly ILogger logger;
    private readonly Task loop;

    private InvokeBridge(HttpListener listener, Uri address, LambdaClient lambda, string function, string qualifier, ILogger logger)
    {
        this.listener = listener;
        this.lambda = lambda;
        this.function = function;
        this.qualifier = qualifier;
        this.logger = logger;
        Address = address;
        loop = ServeAsync();
    }

    /// <summary>Where the bridge listens: <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Address { get; }

    public static InvokeBridge Start(LambdaClient lambda, string function, string qualifier, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new InvokeBridge(listener, address, lambda, function, qualifier, logger);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken between the probe and the bind: another one
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        try
        {
            await loop;
        }
        catch (ObjectDisposedException)
        {
            // closed while waiting for a request
        }
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

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var payload = await EventOfAsync(context.Request);
            var result = await lambda.InvokeAsync(new InvokeRequest { FunctionName = function, Qualifier = qualifier, Payload = payload }, CancellationToken.None);
            response.Headers["X-Amz-Executed-Version"] = result.ExecutedVersion ?? qualifier;
            if (result.FunctionError is not null)
            {
                await WriteAsync(response, 502, "application/json", Encoding.UTF8.GetBytes("""{"message":"Internal Server Error"}"""));
                return;
            }

            await WriteResultAsync(response, result.Payload ?? []);
        }
        catch (AwsException e)
        {
            logger.LogDebug("Invoke of {Function}:{Qualifier} failed: {Error}", function, qualifier, e.Message);
            await WriteAsync(response, 502, "text/plain", Encoding.UTF8.GetBytes(e.Message));
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    private static async Task<byte[]> EventOfAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var bytes = body.ToArray();
        var text = IsText(request.ContentType) ? Encoding.UTF8.GetString(bytes) : null;
        var headers = new JsonObject();
        foreach (var name in request.Headers.AllKeys.OfType<string>())
        {
            headers[name.ToLowerInvariant()] = request.Headers[name];
        }

        var path = request.Url?.AbsolutePath ?? "/";
        var query = request.Url?.Query.TrimStart('?') ?? "";
        var evt = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = path,
            ["rawQueryString"] = query,
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["http"] = new JsonObject
                {
                    ["method"] = request.HttpMethod,
                    ["path"] = path,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = request.RemoteEndPoint?.Address.ToString(),
                    ["userAgent"] = request.UserAgent,
                },
                ["requestId"] = Guid.NewGuid().ToString(),
                ["routeKey"] = "$default",
                ["stage"] = "$default",
                ["timeEpoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = bytes.Length > 0 && text is null,
        };
        if (bytes.Length > 0)
        {
            evt["body"] = text ?? Convert.ToBase64String(bytes);
        }

        return Encoding.UTF8.GetBytes(evt.ToJsonString());
    }

    private static async Task WriteResultAsync(HttpListenerResponse response, byte[] payload)
    {
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is not JsonObject shaped || shaped["statusCode"] is null)
        {
            await WriteAsync(response, 200, "application/json", payload);
            return;
        }

        var contentType = "application/json";
        if (shaped["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value?.ToString() ?? contentType;
                }
                else if (!name.Equals("content-length", StringComparison.OrdinalIgnoreCase) && !name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
                {
                    response.Headers[name] = value?.ToString();
                }
            }
        }

        var text = shaped["body"]?.GetValue<string>() ?? "";
        var base64 = shaped["isBase64Encoded"]?.GetValue<bool>() ?? false;
        await WriteAsync(response, shaped["statusCode"]!.GetValue<int>(), contentType, base64 ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text));
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    private static bool IsText(string? contentType) =>
        contentType is null || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static int FreePort() => Foundation.Networking.LoopbackPorts.Free();
}
