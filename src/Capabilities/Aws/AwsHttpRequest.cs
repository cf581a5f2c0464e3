namespace Pipeline.Aws;

/// <summary>
/// One request as a protocol lays it out, before it is signed: sent as it is on every attempt of one call.
/// <see cref="PathAndQuery"/> (path segments percent-encoded) is appended to the endpoint's path; <see cref="Headers"/>
/// are those other than Host, Content-Type and the signature's; <see cref="ContentType"/> is null when there is no body
/// or the protocol sends none for it.
/// </summary>
internal sealed record AwsHttpRequest(HttpMethod Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? ContentType)
{
    /// <summary>The message for one attempt (a message can be sent only once).</summary>
    public HttpRequestMessage ToMessage(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var message = new HttpRequestMessage(Method, new Uri(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + PathAndQuery));
        if (Body.Length > 0 || ContentType is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
