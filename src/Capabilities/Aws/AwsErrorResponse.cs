using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Aws;

/// <summary>Reads a JSON 1.1 error: code from <c>__type</c> (or the <c>x-amzn-ErrorType</c> header), message from <c>message</c>/<c>Message</c>.</summary>
internal static class AwsErrorResponse
{
    public static AwsServiceException ToException(
        AwsService service, string operation, HttpStatusCode status, HttpResponseHeaders headers, byte[] body, string? requestId, int attempt)
    {
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = Text(document.RootElement, "__type") ?? Text(document.RootElement, "code") ?? Text(document.RootElement, "Code");
                message = Text(document.RootElement, "message") ?? Text(document.RootElement, "Message") ?? Text(document.RootElement, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // Some stand-ins (moto's IAM enforcement) answer with the Query protocol's XML error; proxies with HTML.
            (code, message) = XmlError(body) ?? (null, Snippet(body));
        }

        if (string.IsNullOrEmpty(code) && headers.TryGetValues("x-amzn-ErrorType", out var types))
        {
            code = types.FirstOrDefault();
        }

        var normalized = string.IsNullOrEmpty(code) ? $"Http{(int)status}" : StripNamespace(code);
        return new AwsServiceException(service.ServiceId, operation, normalized, message ?? string.Empty, status, requestId, attempt);
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
