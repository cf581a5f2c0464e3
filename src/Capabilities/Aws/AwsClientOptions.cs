using Amazon.Runtime;

namespace Pipeline.Aws;

/// <summary>
/// How an AWS client finds its endpoint, region and credentials, and how hard it tries.
/// Every member is optional: by default the SDK's own resolution applies (AWS_REGION, profiles, web identity, ...).
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>Region such as <c>eu-west-1</c>; null resolves it like the AWS SDK does (AWS_REGION, AWS_DEFAULT_REGION, profile, instance metadata).</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Endpoint override (moto, LocalStack, a VPC endpoint). Null uses <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
    /// then <c>AWS_ENDPOINT_URL</c>, then the public regional endpoint.
    /// </summary>
    public Uri? ServiceUrl { get; init; }

    /// <summary>Explicit credentials; null uses the SDK's default chain (environment, profiles, OIDC web identity, container, instance).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Retries after the first attempt on throttling, 5xx and network errors.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Time allowed for one attempt (connect, send, read the whole response).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First backoff delay; later ones grow exponentially with jitter, capped at 20 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Retries of a call refused because an update of its resource is in progress (Lambda's <c>ResourceConflictException</c>),
    /// on top of <see cref="MaxRetries"/>: the update usually ends within seconds, an image function's within a minute or two.
    /// </summary>
    public int UpdateInProgressRetries { get; init; } = 30;

    /// <summary>First wait before retrying a call refused because an update is in progress; later waits double up to 5 seconds.</summary>
    public TimeSpan UpdateInProgressDelay { get; init; } = TimeSpan.FromSeconds(1);
}
