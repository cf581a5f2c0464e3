using System.Globalization;
using Microsoft.AspNetCore.Http;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Lambda.Local.Protocol;

/// <summary>One rest-json call: members from the URI (labels), the query string, headers and the JSON body, as the model places them.</summary>
internal sealed class LambdaRequest(
    IReadOnlyDictionary<string, string> labels, IQueryCollection query, IHeaderDictionary headers, byte[] rawBody, JsonMembers body)
{
    public byte[] RawBody { get; } = rawBody;

    public JsonMembers Body { get; } = body;

    public string Label(string name) => labels[name];

    public string? Query(string name) => query.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    public int? QueryInt(string name) => Query(name) is not { } text
        ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw LambdaException.InvalidParameter($"{name} must be an integer.");

    public string? Header(string name) => headers.TryGetValue(name, out var v) && v.Count > 0 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
}
