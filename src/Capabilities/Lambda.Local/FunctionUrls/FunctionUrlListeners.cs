using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Hosting;
using Pipeline.Aws.Local.Protocol;
using Pipeline.Lambda.Local.Execution;
using Pipeline.Lambda.Local.Functions;

namespace Pipeline.Lambda.Local.FunctionUrls;

/// <summary>
/// The function URLs' listeners: one loopback port per URL (an alias, or the unqualified function), turning each HTTP
/// request into an invocation of what the URL names — through the alias's weights — and the result back into HTTP.
/// An AWS_IAM URL wants requests signed for service <c>lambda</c> with the local Lambda's key.
/// </summary>
internal sealed class FunctionUrlListeners(Invoker invoker, SigV4Verifier verifier, LambdaLocalOptions options, ILoggerFactory loggers, ILogger logger) : IAsyncDisposable
{
    /// <summary>A non-AWS header that says which version answered (function URLs do not tell; the local one does, for tests and rehearsals).</summary>
    public const string ExecutedVersionHeader = "X-Local-Lambda-Executed-Version";

    private readonly ConcurrentDictionary<string, WebApplication> listeners = new(StringComparer.Ordinal);

    public static string UrlOf(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The port configured for a URL (<c>function:alias</c> or <c>function</c>), or 0 for one the system picks.</summary>
    public int ConfiguredPort(string function, string qualifier) =>
        options.FunctionUrlPorts.TryGetValue(qualifier.Length == 0 ? function : $"{function}:{qualifier}", out var port) ? port : 0;

    /// <summary>Opens the listener of a URL on <paramref name="port"/> (0: the system picks); returns the port it listens on.</summary>
    public async Task<int> OpenAsync(string function, FunctionUrlState url, int port, CancellationToken cancellationToken)
    {
        var app = LoopbackWebApp.Create(options.StateDirectory, port, loggers);
        var urlId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{function}:{url.Qualifier}")))[..32];
        app.Run(context => HandleAsync(context, function, url, urlId));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new LambdaLocalException($"the function URL of {function}{(url.Qualifier.Length > 0 ? ":" + url.Qualifier : "")} cannot listen on 127.0.0.1:{port} ({e.Message.TrimEnd('.')})", e);
        }

        var bound = LoopbackWebApp.PortOf(app);
        if (listeners.TryRemove(Key(function, url.Qualifier), out var previous))
        {
            await StopAsync(previous);
        }

        listeners[Key(function, url.Qualifier)] = app;
        logger.LogInformation("Function URL {Url} invokes {Function}{Qualifier}", UrlOf(bound), function, url.Qualifier.Length > 0 ? ":" + url.Qualifier : "");
        return bound;
    }

    public async Task CloseAsync(string function, string qualifier)
    {
        if (listeners.TryRemove(Key(function, qualifier), out var app))
        {
            await StopAsync(app);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in listeners.Keys.ToList())
        {
            if (listeners.TryRemove(key, out var app))
            {
                await StopAsync(app);
            }
        }
    }

    private async Task HandleAsync(HttpContext context, string function, FunctionUrlState url, string urlId)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (url.AuthType == "AWS_IAM")
        {
            try
            {
                verifier.Verify(context.Request, body, "lambda");
            }
            catch (AwsProtocolException e)
            {
                context.Response.StatusCode = 403;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($"{{\"Message\":\"Forbidden. {e.Message.Replace("\"", "'", StringComparison.Ordinal)}\"}}", context.RequestAborted);
                return;
            }
        }

        var requestId = Guid.NewGuid().ToString();
        var payload = Encoding.UTF8.GetBytes(UrlEvent.From(context, body, urlId, requestId).ToJsonString());
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        InvocationResult result;
        try
        {
            var (invocation, executed) = invoker.Start(function, url.Qualifier.Length == 0 ? null : url.Qualifier, payload, null);
            context.Response.Headers[ExecutedVersionHeader] = executed;
            result = await invocation.Result;
        }
        catch (Pipeline.Lambda.Local.Protocol.LambdaException e)
        {
            logger.LogInformation("Function URL of {Function}: {Code}: {Message}", function, e.Code, e.Message);
            context.Response.StatusCode = e.Code == "ResourceNotFoundException" ? 404 : e.Status >= 500 ? 503 : 500;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"Message\":\"Internal Server Error\"}", context.RequestAborted);
            return;
        }

        await UrlResponse.WriteAsync(context, result.Payload, result.IsError);
    }

    private static async Task StopAsync(WebApplication app)
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    private static string Key(string function, string qualifier) => function + "\n" + qualifier;
}
