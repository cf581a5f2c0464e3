using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Lambda.Local.FunctionUrls;

/// <summary>
/// The event a function URL gives its function: the API Gateway HTTP API payload format 2.0 (headers lower-cased and
/// comma-joined, cookies apart, the body base64-encoded unless it is text).
/// </summary>
internal static class UrlEvent
{
    public static JsonObject From(HttpContext context, byte[] body, string urlId, string requestId)
    {
        var request = context.Request;
        var now = DateTimeOffset.UtcNow;
        var headers = new JsonObject();
        foreach (var header in request.Headers.Where(h => !h.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase)))
        {
            headers[header.Key.ToLowerInvariant()] = string.Join(',', header.Value.Select(v => v ?? ""));
        }

        var query = new JsonObject();
        foreach (var parameter in request.Query)
        {
            query[parameter.Key] = string.Join(',', parameter.Value.Select(v => v ?? ""));
        }

        var cookies = request.Headers.Cookie.SelectMany(c => (c ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var text = IsText(request.ContentType);
        var result = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = request.Path.Value is { Length: > 0 } path ? path : "/",
            ["rawQueryString"] = request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
        };
        if (cookies.Count > 0)
        {
            result["cookies"] = new JsonArray([.. cookies.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        result["headers"] = headers;
        if (query.Count > 0)
        {
            result["queryStringParameters"] = query;
        }

        result["requestContext"] = new JsonObject
        {
            ["accountId"] = "anonymous",
            ["apiId"] = urlId,
            ["domainName"] = request.Host.Value,
            ["domainPrefix"] = urlId,
            ["http"] = new JsonObject
            {
                ["method"] = request.Method,
                ["path"] = request.Path.Value is { Length: > 0 } p ? p : "/",
                ["protocol"] = request.Protocol,
                ["sourceIp"] = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
                ["userAgent"] = request.Headers.UserAgent.ToString(),
            },
            ["requestId"] = requestId,
            ["routeKey"] = "$default",
            ["stage"] = "$default",
            ["time"] = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            ["timeEpoch"] = now.ToUnixTimeMilliseconds(),
        };
        if (body.Length > 0)
        {
            result["body"] = text ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body);
        }

        result["isBase64Encoded"] = body.Length > 0 && !text;
        return result;
    }

    private static bool IsText(string? contentType) =>
        contentType is null
        || contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("javascript", StringComparison.OrdinalIgnoreCase);
}
