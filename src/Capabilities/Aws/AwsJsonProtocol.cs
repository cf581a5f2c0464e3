namespace Pipeline.Aws;

/// <summary>
/// AWS JSON 1.0/1.1: <c>POST /</c>, <c>X-Amz-Target: &lt;TargetPrefix&gt;.&lt;Operation&gt;</c>,
/// <c>Content-Type: application/x-amz-json-&lt;version&gt;</c>, the whole input as the body; a query-compatible service
/// also gets <c>x-amzn-query-mode: true</c>, as botocore sends it.
/// </summary>
internal static class AwsJsonProtocol
{
    public const string QueryModeHeader = "x-amzn-query-mode";

    public static AwsHttpRequest Request(AwsService service, string operation, byte[] body)
    {
        List<KeyValuePair<string, string>> headers = [new("X-Amz-Target", $"{service.TargetPrefix}.{operation}")];
        if (service.QueryCompatible)
        {
            headers.Add(new(QueryModeHeader, "true"));
        }

        return new AwsHttpRequest(HttpMethod.Post, "/", headers, body, $"application/x-amz-json-{service.JsonVersion}");
    }
}
