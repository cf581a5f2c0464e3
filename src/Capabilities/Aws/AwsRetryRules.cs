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

    /// <summary>
    /// Lambda's "The operation cannot be performed at this time. An update is in progress for resource: …" (and its
    /// concurrent-update variant): retried on its own budget, since it lasts as long as the function's update. Other
    /// <c>ResourceConflictException</c>s (an alias or function that already exists) are not.
    /// </summary>
    public static bool IsUpdateInProgress(string code, string message) =>
        code == "ResourceConflictException"
        && (message.Contains("in progress", StringComparison.OrdinalIgnoreCase) || message.Contains("concurrent update", StringComparison.OrdinalIgnoreCase));

    public static bool IsRetryable(string code, HttpStatusCode status) =>
        ThrottlingCodes.Contains(code)
        || TransientCodes.Contains(code)
        || status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
