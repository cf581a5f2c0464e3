using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Lambda.Local.FunctionUrls;

/// <summary>
/// What a function URL answers for the function's result: its <c>{statusCode, headers, cookies, body, isBase64Encoded}</c>,
/// or any other JSON as a 200 application/json body; a function error is a 502.
/// </summary>
internal static class UrlResponse
{
    public static async Task WriteAsync(HttpContext context, byte[] payload, bool functionError)
    {
        var response = context.Response;
        if (functionError)
        {
            response.StatusCode = 502;
            response.ContentType = "application/json";
            await response.WriteAsync("{\"Message\":\"Internal Server Error\"}", context.RequestAborted);
            return;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            response.StatusCode = 200;
            await response.Body.WriteAsync(payload, context.RequestAborted);
            return;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var status) || !status.TryGetInt32(out var code))
        {
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.Body.WriteAsync(payload, context.RequestAborted);
            return;
        }

        response.StatusCode = code;
        if (root.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in headers.EnumerateObject())
            {
                response.Headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText();
            }
        }

        if (root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind == JsonValueKind.Array)
        {
            response.Headers.SetCookie = cookies.EnumerateArray().Select(c => c.GetString()).ToArray();
        }

        if (root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
        {
            var text = body.GetString()!;
            var bytes = root.TryGetProperty("isBase64Encoded", out var encoded) && encoded.ValueKind == JsonValueKind.True
                ? Convert.FromBase64String(text)
                : Encoding.UTF8.GetBytes(text);
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
    }
}
