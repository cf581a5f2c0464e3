using Amazon.Runtime;

namespace Pipeline.Aws.Tests;

/// <summary>Clients of any service pointed at a <see cref="StubAwsEndpoint"/>, with short retry delays.</summary>
internal static class StubClients
{
    public const string AccessKey = "AKIDSTUBTESTS";
    public const string SecretKey = "stub-secret-key";
    public const string Region = "us-east-1";

    public static AwsClientOptions Options(Uri endpoint, int maxRetries = 2, TimeSpan? timeout = null, int updateInProgressRetries = 3) => new()
    {
        Region = Region,
        ServiceUrl = endpoint,
        Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
        MaxRetries = maxRetries,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        UpdateInProgressRetries = updateInProgressRetries,
        UpdateInProgressDelay = TimeSpan.FromMilliseconds(10),
    };

    public static AwsJsonClient For(AwsService service, Uri endpoint, int maxRetries = 2, TimeSpan? timeout = null) =>
        new(service, Options(endpoint, maxRetries, timeout));
}
