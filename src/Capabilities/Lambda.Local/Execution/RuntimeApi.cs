using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Lambda.Local.Execution;

/// <summary>
/// The Lambda Runtime API of one execution environment, as documented for custom runtimes: <c>next</c> blocks until an
/// invocation comes and hands it over with its headers; <c>response</c> and <c>error</c> end it; <c>init/error</c> ends
/// the environment.
/// </summary>
internal static class RuntimeApi
{
    public const string Prefix = "/2018-06-01/runtime";

    public static void Map(WebApplication app, ExecutionEnvironment environment)
    {
        app.MapGet(Prefix + "/invocation/next", context => NextAsync(context, environment));
        app.MapPost(Prefix + "/invocation/{id}/response", (HttpContext context, string id) => ResponseAsync(context, environment, id, error: false));
        app.MapPost(Prefix + "/invocation/{id}/error", (HttpContext context, string id) => ResponseAsync(context, environment, id, error: true));
        app.MapPost(Prefix + "/init/error", context => InitErrorAsync(context, environment));
    }

    private static async Task NextAsync(HttpContext context, ExecutionEnvironment environment)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, environment.Stopping);
        Invocation invocation;
        try
        {
            invocation = await environment.Pool.TakeAsync(environment, both.Token);
        }
        catch (OperationCanceledException)
        {
            // the environment stops (or the runtime left): no invocation, and no answer the runtime could take for one
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.DeadlineMs.ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is { } clientContext)
        {
            response.Headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
            await response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            // the runtime went away before it read its invocation: give the invocation to another environment
            environment.Pool.GiveBack(environment, invocation);
        }
    }

    private static async Task ResponseAsync(HttpContext context, ExecutionEnvironment environment, string id, bool error)
    {
        var body = await ReadAsync(context);
        if (environment.Running(id) is not { } invocation)
        {
            await Answer(context, 400, "InvalidRequestID", $"Invalid request ID: {id} is not the invocation this runtime runs.");
            return;
        }

        var errorType = error ? context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString() : null;
        if (error && string.IsNullOrEmpty(errorType))
        {
            errorType = ErrorTypeOf(body) ?? "Unhandled";
        }

        invocation.Complete(new InvocationResult(body, errorType, invocation.Elapsed));
        environment.Finished(invocation);
        await Answer(context, 202, null, null);
    }

    private static async Task InitErrorAsync(HttpContext context, ExecutionEnvironment environment)
    {
        var body = await ReadAsync(context);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        environment.Pool.InitFailed(environment, body, string.IsNullOrEmpty(errorType) ? ErrorTypeOf(body) ?? "Runtime.Unknown" : errorType);
        await Answer(context, 202, null, null);
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static string? ErrorTypeOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errorType", out var type)
                && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task Answer(HttpContext context, int status, string? errorType, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = errorType is null
            ? "{\"status\":\"OK\"}"
            : JsonSerializer.Serialize(new Dictionary<string, string> { ["errorMessage"] = message!, ["errorType"] = errorType });
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }
}
