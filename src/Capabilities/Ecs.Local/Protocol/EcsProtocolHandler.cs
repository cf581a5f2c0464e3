using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Ecs.Local.Protocol;

/// <summary>
/// AWS JSON 1.1 over HTTP: one POST per call, the operation in <c>X-Amz-Target: AmazonEC2ContainerServiceV20141113.&lt;Operation&gt;</c>,
/// a SigV4-signed JSON body; answers the operation's output shape, or <c>{"__type", "message"}</c> with AWS's status.
/// </summary>
internal sealed class EcsProtocolHandler(
    IReadOnlyDictionary<string, Func<EcsRequest, CancellationToken, Task<JsonObject>>> operations,
    SigV4Verifier verifier,
    ExchangeLog log,
    ResponseDrops drops,
    ILogger logger)
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    public const string ContentType = "application/x-amz-json-1.1";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith(TargetPrefix, StringComparison.Ordinal) ? target[TargetPrefix.Length..] : target;
        try
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                throw new EcsException("UnknownOperationException", "The local ECS answers POST requests of the AWS JSON 1.1 protocol only.", 404);
            }

            verifier.Verify(request, body, "ecs");
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || !operations.TryGetValue(operation, out var handler))
            {
                throw new EcsException("UnknownOperationException", target.Length == 0 ? "Missing X-Amz-Target header." : $"The local ECS does not implement {target}.");
            }

            JsonElement json;
            try
            {
                using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
                json = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw EcsException.Serialization($"The request body is not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
            }

            if (json.ValueKind != JsonValueKind.Object)
            {
                throw EcsException.Serialization("The request body must be a JSON object.");
            }

            var result = await handler(new EcsRequest(operation, json), context.RequestAborted);
            log.Append(operation, 200, Encoding.UTF8.GetString(body), result);
            if (drops.TakeFirst(operation))
            {
                logger.LogWarning("{Operation} done; its answer is dropped (--drop-first-response): the connection is cut", operation);
                context.Abort();
                return;
            }

            await WriteAsync(context, 200, result);
        }
        catch (AwsProtocolException e)
        {
            logger.LogInformation("{Operation}: {Code}: {Message}", operation, e.Code, e.Message);
            var error = new JsonObject { ["__type"] = e.Code, ["message"] = e.Message };
            log.Append(operation, e.Status, Encoding.UTF8.GetString(body), error);
            context.Response.Headers["x-amzn-ErrorType"] = e.Code;
            await WriteAsync(context, e.Status, error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Operation} failed", operation);
            var error = new JsonObject { ["__type"] = "ServerException", ["message"] = $"The local ECS failed: {e.Message}" };
            log.Append(operation, 500, Encoding.UTF8.GetString(body), error);
            await WriteAsync(context, 500, error);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
