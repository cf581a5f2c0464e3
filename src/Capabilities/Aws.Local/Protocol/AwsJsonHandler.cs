using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// How one AWS JSON service answers: its <c>X-Amz-Target</c> prefix, SigV4 signing name and JSON version, the errors
/// it makes (<paramref name="Error"/>: code and message to its exception) and the code of its internal failure.
/// </summary>
internal sealed record AwsJsonService(string Name, string TargetPrefix, string SigningName, string JsonVersion, Func<string, string, AwsProtocolException> Error, string InternalFailure)
{
    /// <summary>The <c>x-amzn-query-error</c> header of an error (a query-compatible service), or null.</summary>
    public Func<AwsProtocolException?, string?> QueryError { get; init; } = _ => null;

    public bool Handles(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);
}

/// <summary>
/// A stand-in AWS JSON service: one POST per call, the operation in <c>X-Amz-Target: &lt;prefix&gt;&lt;Operation&gt;</c>,
/// a SigV4 signature for the service; answers the operation's output or <c>{"__type", "message"}</c> with AWS's status.
/// </summary>
internal sealed class AwsJsonHandler(
    AwsJsonService service,
    IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> operations,
    SigV4Verifier verifier,
    ExchangeLog log,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var operation = request.Headers["X-Amz-Target"].ToString()[service.TargetPrefix.Length..];
        int status;
        JsonObject answer;
        string? queryError = null;
        try
        {
            verifier.Verify(request, body, service.SigningName);
            if (!operations.TryGetValue(operation, out var handler))
            {
                throw service.Error("UnknownOperationException", $"The local {service.Name} does not implement {operation}.");
            }

            answer = await handler(new JsonMembers(Parse(body), m => service.Error("InvalidParameter", m)), context.RequestAborted);
            status = 200;
        }
        catch (AwsProtocolException e)
        {
            logger.LogInformation("{Operation}: {Code}: {Message}", operation, e.Code, e.Message);
            status = e.Status;
            answer = new JsonObject { ["__type"] = e.Code, ["message"] = e.Message };
            queryError = service.QueryError(e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Operation} failed", operation);
            status = 500;
            answer = new JsonObject { ["__type"] = service.InternalFailure, ["message"] = $"The local {service.Name} failed: {e.Message}" };
            queryError = service.QueryError(null);
        }

        log.Append(operation, status, Encoding.UTF8.GetString(body), answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = $"application/x-amz-json-{service.JsonVersion}";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (queryError is not null)
        {
            context.Response.Headers["x-amzn-query-error"] = queryError;
        }

        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private JsonElement Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw service.Error("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw service.Error("SerializationException", $"The request body is not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
        }
    }
}
