using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Aws.Local.Protocol;

/// <summary>
/// CloudWatch Logs over AWS JSON 1.1: one POST per call, the operation in <c>X-Amz-Target: Logs_20140328.&lt;Operation&gt;</c>,
/// a SigV4 signature for service <c>logs</c>; errors are <c>{"__type", "message"}</c>.
/// </summary>
internal sealed class LogsHandler(
    IReadOnlyDictionary<string, Func<JsonMembers, CancellationToken, Task<JsonObject>>> operations,
    SigV4Verifier verifier,
    ExchangeLog log,
    ILogger logger)
{
    public const string TargetPrefix = "Logs_20140328.";

    public static bool Handles(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var operation = request.Headers["X-Amz-Target"].ToString()[TargetPrefix.Length..];
        int status;
        JsonObject answer;
        try
        {
            verifier.Verify(request, body, "logs");
            if (!operations.TryGetValue(operation, out var handler))
            {
                throw new AwsProtocolException("UnknownOperationException", $"The local CloudWatch Logs does not implement {operation}.");
            }

            answer = await handler(new JsonMembers(Parse(body), LogsException.InvalidParameter), context.RequestAborted);
            status = 200;
        }
        catch (AwsProtocolException e)
        {
            logger.LogInformation("{Operation}: {Code}: {Message}", operation, e.Code, e.Message);
            status = e.Status;
            answer = new JsonObject { ["__type"] = e.Code, ["message"] = e.Message };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Operation} failed", operation);
            status = 500;
            answer = new JsonObject { ["__type"] = "ServiceUnavailableException", ["message"] = $"The local CloudWatch Logs failed: {e.Message}" };
        }

        log.Append(operation, status, Encoding.UTF8.GetString(body), answer);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private static JsonElement Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new AwsProtocolException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new AwsProtocolException("SerializationException", $"The request body is not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
        }
    }
}
