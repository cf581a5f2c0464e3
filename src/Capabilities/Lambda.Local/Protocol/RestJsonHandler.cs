using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Lambda.Local.Protocol;

/// <summary>
/// The Lambda API's rest-json protocol: the operation from the method and path, members from the URI, query string,
/// headers and JSON body; a SigV4 signature for service <c>lambda</c>; errors as <c>x-amzn-ErrorType</c> plus
/// <c>{"Type", "message"}</c>. Every exchange goes to the exchange log as it was on the wire.
/// </summary>
internal sealed class RestJsonHandler(IReadOnlyList<LambdaRoute> routes, SigV4Verifier verifier, ExchangeLog log, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var path = request.Path.Value ?? "/";
        var operation = "Unknown";
        LambdaResponse response;
        try
        {
            var (route, labels) = routes.Select(r => (Route: r, Labels: r.Match(request.Method, path))).FirstOrDefault(m => m.Labels is not null);
            if (route is null)
            {
                throw new LambdaException("UnknownOperationException", $"The local Lambda does not implement {request.Method} {path}.", 404);
            }

            operation = route.Operation;
            verifier.Verify(request, body, "lambda");
            var members = operation == "Invoke" || body.Length == 0 ? JsonMembers.Empty(Invalid) : new JsonMembers(Parse(body), Invalid);
            response = await route.Handle(new LambdaRequest(labels!, request.Query, request.Headers, body, members), context.RequestAborted);
        }
        catch (AwsProtocolException e)
        {
            logger.LogInformation("{Operation}: {Code}: {Message}", operation, e.Code, e.Message);
            var lambda = e as LambdaException;
            var error = new JsonObject { ["Type"] = lambda?.Type ?? "User", [lambda?.MessageMember ?? "message"] = e.Message };
            response = new LambdaResponse(e.Status, error) { Headers = new Dictionary<string, string> { ["x-amzn-ErrorType"] = e.Code } };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Operation} failed", operation);
            var error = new JsonObject { ["Type"] = "Service", ["Message"] = $"The local Lambda failed: {e.Message}" };
            response = new LambdaResponse(500, error) { Headers = new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ServiceException" } };
        }

        log.Append(operation, response.Status, WireRequest(request, path, body, operation), WireResponse(response));
        await WriteAsync(context, response);
    }

    private static JsonElement Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw LambdaException.InvalidParameter("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw LambdaException.InvalidParameter($"The request body is not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
        }
    }

    private static LambdaException Invalid(string message) => LambdaException.InvalidParameter(message);

    private static async Task WriteAsync(HttpContext context, LambdaResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Payload is { } payload)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        }
        else if (response.Json is { } json)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
        }
    }

    /// <summary>The request as it came: method, path, query, the <c>X-Amz-*</c> headers a model member may name, and the body.</summary>
    private static JsonObject WireRequest(HttpRequest request, string path, byte[] body, string operation) => new()
    {
        ["method"] = request.Method,
        ["path"] = path,
        ["query"] = new JsonObject(request.Query.Select(q => KeyValuePair.Create(q.Key, (JsonNode?)JsonValue.Create(q.Value.ToString())))),
        ["headers"] = new JsonObject(request.Headers
            .Where(h => h.Key.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !IsSigning(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value.ToString())))),
        ["body"] = BodyNode(body, operation == "Invoke"),
    };

    private static JsonObject WireResponse(LambdaResponse response) => new()
    {
        ["headers"] = new JsonObject(response.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value)))),
        ["body"] = response.Payload is { } payload ? Encoding.UTF8.GetString(payload) : response.Json?.DeepClone(),
    };

    private static JsonNode? BodyNode(byte[] body, bool payload)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(body);
        if (payload)
        {
            return text;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static bool IsSigning(string header) =>
        header.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)
        || header.Equals("X-Amz-Content-Sha256", StringComparison.OrdinalIgnoreCase)
        || header.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)
        || header.Equals("X-Amz-User-Agent", StringComparison.OrdinalIgnoreCase);
}
