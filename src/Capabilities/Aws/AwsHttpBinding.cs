namespace Pipeline.Aws;

/// <summary>
/// Where the members of one REST-JSON operation travel (the model's <c>http</c> and each member's <c>location</c>): the
/// method, the URI template whose <c>{Labels}</c> are input members, and the members sent as query parameters or headers
/// or read from response headers. Every other input member goes in the JSON body.
/// </summary>
/// <param name="Method">GET, POST, PUT or DELETE.</param>
/// <param name="UriTemplate">E.g. <c>/2015-03-31/functions/{FunctionName}/aliases/{Name}</c>; a label is the member of that name.</param>
internal sealed record AwsHttpBinding(string Method, string UriTemplate)
{
    /// <summary>Input member name to query parameter name.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>Input member name to header name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The blob input member whose bytes are the whole body (Invoke's <c>Payload</c>).</summary>
    public string? Payload { get; init; }

    /// <summary>Output member name to response header name.</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The output member that receives the HTTP status code.</summary>
    public string? ResponseStatusCode { get; init; }

    /// <summary>The blob output member that receives the whole response body.</summary>
    public string? ResponsePayload { get; init; }

    /// <summary>The labels of <see cref="UriTemplate"/>, in order.</summary>
    public IReadOnlyList<string> Labels => [.. UriTemplate.Split('{').Skip(1).Select(part => part[..part.IndexOf('}', StringComparison.Ordinal)])];
}
