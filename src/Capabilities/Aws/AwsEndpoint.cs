namespace Pipeline.Aws;

/// <summary>Endpoint resolution: explicit, else AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;, else AWS_ENDPOINT_URL, else the public regional one.</summary>
internal static class AwsEndpoint
{
    public static Uri Resolve(Uri? explicitUrl, AwsService service, string region)
    {
        if (explicitUrl is not null)
        {
            return Validate(explicitUrl.ToString(), service, "ServiceUrl");
        }

        var serviceVariable = "AWS_ENDPOINT_URL_" + service.ServiceId.ToUpperInvariant().Replace(' ', '_');
        foreach (var variable in new[] { serviceVariable, "AWS_ENDPOINT_URL" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return Validate(value.Trim(), service, variable);
            }
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/");
    }

    private static Uri Validate(string value, AwsService service, string source)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        throw new AwsConfigurationException(
            $"{service.ServiceId}: the endpoint '{value}' from {source} is not an http(s) URL; set it like https://vpce-....{service.EndpointPrefix}.<region>.vpce.amazonaws.com");
    }
}
