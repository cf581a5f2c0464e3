using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Aws;

/// <summary>
/// Reads an error answer as botocore does. AWS JSON: code from <c>__type</c> (a query-compatible service's
/// <c>x-amzn-query-error</c> header wins); REST-JSON: code from the <c>x-amzn-ErrorType</c> header, then the body's
/// <c>code</c>. The message from <c>message</c>/<c>Message</c>.
/// </summary>
internal static class AwsErrorResponse
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string QueryErrorHeader = "x-amzn-query-error";

    public static AwsServiceException ToException(
        AwsService service, string operation, HttpStatusCode status, IReadOnlyDictionary<string, string> headers, byte[] body, string? requestId, int attempt,
        string? iamAction = null, string? principal = null)
    {
        string? bodyType = null, bodyCode = null, message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                bodyType = Text(document.RootElement, "__type");
                bodyCode = Text(document.RootElement, "code") ?? Text(document.RootElement, "Code");
                message = Text(document.RootElement, "message") ?? Text(document.RootElement, "Message") ?? Text(document.RootElement, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // Some stand-ins (moto's IAM enforcement) answer with the Query protocol's XML error; proxies with HTML.
            (bodyCode, message) = XmlError(body) ?? (null, Snippet(body));
        }

        headers.TryGetValue(ErrorTypeHeader, out var headerType);
        var code = service.Protocol == AwsProtocol.RestJson
            ? Present(headerType) ?? Present(bodyCode) ?? Present(bodyType)
            : QueryCode(service, headers) ?? Present(bodyType) ?? Present(bodyCode) ?? Present(headerType);
        var normalized = code is null ? $"Http{(int)status}" : StripNamespace(code);
        return new AwsServiceException(service.ServiceId, operation, normalized, message ?? string.Empty, status, requestId, attempt, iamAction: iamAction, principal: principal);
    }

    /// <summary><c>com.amazonaws.ecr#RepositoryNotFoundException</c> and <c>RepositoryNotFoundException:http://...</c> become <c>RepositoryNotFoundException</c>.</summary>
    internal static string StripNamespace(string code)
    {
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code[(hash + 1)..] : code;
    }

    private static string? QueryCode(AwsService service, IReadOnlyDictionary<string, string> headers) =>
        service.QueryCompatible && headers.TryGetValue(QueryErrorHeader, out var value) && value.Split(';') is [{ Length: > 0 } code, _] ? code : null;

    private static string? Present(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static (string? Code, string? Message)? XmlError(byte[] body)
    {
        try
        {
            var document = XDocument.Parse(Encoding.UTF8.GetString(body));
            var code = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            var message = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
            return code is null ? null : (code, message);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
    }
}
