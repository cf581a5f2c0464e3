using System.Net;

namespace Pipeline.Aws;

/// <summary>Which AWS errors are worth another attempt (the SDKs' "standard" retry mode, minus quota errors).</summary>
internal static class AwsRetryRules
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
        "ServiceUnavailableException", "ServerException", "IDPCommunicationError",
    };

    public static bool IsThrottling(string code) => ThrottlingCodes.Contains(code);

    public static bool IsRetryable(string code, HttpStatusCode status) =>
        ThrottlingCodes.Contains(code)
        || TransientCodes.Contains(code)
        || status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
