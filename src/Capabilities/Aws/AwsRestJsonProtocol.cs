using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Aws;

/// <summary>
/// REST-JSON as botocore lays it out: URI labels percent-encoded into the path, query members in the query string,
/// header members as headers, a blob payload member as the raw body, every other member in a JSON body
/// (<c>Content-Type: application/json</c>; <c>{}</c> when the input has body members but none is set). Answers are read
/// back the same way: response headers and the status code into their members, a payload member from the raw body.
/// </summary>
internal static class AwsRestJsonProtocol
{
    public const string JsonContentType = "application/json";

    /// <summary>
    /// The request for <paramref name="input"/> (JSON in member names, left unchanged); <paramref name="hasBodyMembers"/>
    /// says whether the input type has members outside the path, query and headers (then the body is at least <c>{}</c>).
    /// </summary>
    public static AwsHttpRequest Request(string operation, AwsHttpBinding binding, JsonObject input, bool hasBodyMembers)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(input);
        var body = (JsonObject)input.DeepClone();
        var path = new StringBuilder();
        var rest = binding.UriTemplate;
        foreach (var label in binding.Labels)
        {
            var at = rest.IndexOf('{' + label + '}', StringComparison.Ordinal);
            path.Append(rest[..at]);
            rest = rest[(at + label.Length + 2)..];
            var value = Take(body, label) ?? throw new ArgumentException($"{operation}: {label} is required (it is part of the request path)", nameof(input));
            if (value.Length == 0)
            {
                throw new ArgumentException($"{operation}: {label} must not be empty (it is part of the request path)", nameof(input));
            }

            path.Append(Uri.EscapeDataString(value));
        }

        path.Append(rest);
        var query = new List<string>();
        foreach (var (member, name) in binding.Query)
        {
            foreach (var value in TakeAll(body, member))
            {
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (member, name) in binding.Headers)
        {
            if (Take(body, member) is { } value)
            {
                headers.Add(new(name, value));
            }
        }

        if (binding.Payload is { } payload)
        {
            var raw = Take(body, payload);
            return new AwsHttpRequest(new HttpMethod(binding.Method), PathAndQuery(path, query), headers, raw is null ? [] : Convert.FromBase64String(raw), null);
        }

        if (body.Count == 0 && !hasBodyMembers)
        {
            return new AwsHttpRequest(new HttpMethod(binding.Method), PathAndQuery(path, query), headers, [], null);
        }

        return new AwsHttpRequest(new HttpMethod(binding.Method), PathAndQuery(path, query), headers, Encoding.UTF8.GetBytes(body.ToJsonString()), JsonContentType);
    }

    /// <summary>The output as JSON in member names: the body's members, plus the header, status and payload members.</summary>
    public static JsonObject Output(AwsHttpBinding binding, AwsHttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(response);
        JsonObject output;
        if (binding.ResponsePayload is { } payload)
        {
            output = new JsonObject { [payload] = Convert.ToBase64String(response.Body) };
        }
        else
        {
            output = response.Body.Length == 0 ? new JsonObject() : JsonNode.Parse(response.Body) as JsonObject ?? throw new JsonException("the response body is not a JSON object");
        }

        foreach (var (member, header) in binding.ResponseHeaders)
        {
            if (response.Headers.TryGetValue(header, out var value))
            {
                output[member] = value;
            }
        }

        if (binding.ResponseStatusCode is { } status)
        {
            output[status] = (int)response.Status;
        }

        return output;
    }

    private static string PathAndQuery(StringBuilder path, List<string> query) =>
        query.Count == 0 ? path.ToString() : $"{path}?{string.Join('&', query)}";

    private static string? Take(JsonObject body, string member) => TakeAll(body, member).SingleOrDefault();

    private static IReadOnlyList<string> TakeAll(JsonObject body, string member)
    {
        if (!body.Remove(member, out var node) || node is null)
        {
            return [];
        }

        return node is JsonArray items ? [.. items.Select(Text)] : [Text(node)];
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>() ? "true" : "false",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => throw new ArgumentException($"a member in the path, query or headers must be a string, number or boolean, not {node?.ToJsonString() ?? "null"}"),
    };
}
