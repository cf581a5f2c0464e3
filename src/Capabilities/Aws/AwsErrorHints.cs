namespace Pipeline.Aws;

/// <summary>What to do about the AWS error codes a pipeline meets most.</summary>
internal static class AwsErrorHints
{
    public static string? For(string code, int attempts) => code switch
    {
        "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" => "check the IAM role's permissions",
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature"
            => "check the AWS credentials and that they belong to this account and region",
        "ExpiredTokenException" or "ExpiredToken" or "RequestExpired" => "the AWS session expired: refresh the credentials",
        "RepositoryNotFoundException" => "create the repository or check its name, account and region",
        "RepositoryPolicyNotFoundException" => "the repository has no policy",
        "ImageTagAlreadyExistsException" => "the repository's tags are immutable: push a new tag",
        "LimitExceededException" => "a service quota is reached: raise it in Service Quotas or clean up",
        "ClusterNotFoundException" => "check the cluster name and region",
        "ServiceNotFoundException" or "ServiceNotActiveException" => "check the service name and cluster",
        _ when AwsRetryRules.IsThrottling(code) && attempts > 1 => $"still throttled after {attempts} attempts: retry later or lower the request rate",
        _ when AwsRetryRules.IsThrottling(code) => "throttled: retry later or lower the request rate",
        _ when attempts > 1 => $"after {attempts} attempts",
        _ => null,
    };
}
