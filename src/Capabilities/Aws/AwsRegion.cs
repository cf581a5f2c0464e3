using Amazon.Runtime;

namespace Pipeline.Aws;

/// <summary>
/// Region resolution: explicit, else AWS_REGION, else AWS_DEFAULT_REGION (which the AWS CLI honours and the .NET SDK
/// does not), else the SDK's fallback chain (profile, instance metadata).
/// </summary>
internal static class AwsRegion
{
    public static string Resolve(string? explicitRegion, AwsService service)
    {
        if (!string.IsNullOrWhiteSpace(explicitRegion))
        {
            return explicitRegion.Trim();
        }

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment.Trim();
            }
        }

        try
        {
            var region = FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
            if (!string.IsNullOrEmpty(region))
            {
                return region;
            }
        }
        catch (AmazonClientException e)
        {
            throw NoRegion(service, e);
        }

        throw NoRegion(service, null);
    }

    private static AwsConfigurationException NoRegion(AwsService service, Exception? inner) => new(
        $"{service.ServiceId}: no AWS region configured; set AWS_REGION (or the 'region' of your AWS profile, or the client's Region option)",
        inner);
}
