using System.Text.RegularExpressions;

namespace Pipeline.Aws;

/// <summary>What to do about the AWS error codes a pipeline meets most.</summary>
internal static partial class AwsErrorHints
{
    /// <summary>The port <c>LocalEcsUp</c> listens on unless told otherwise.</summary>
    private const int LocalEcsDefaultPort = 4599;

    /// <summary>
    /// The hint for one error; <paramref name="iamAction"/> is the call's IAM action (e.g. <c>lambda:UpdateAlias</c>),
    /// <paramref name="principal"/> who called when the credentials say (e.g. <c>role deploy</c>): the error's own text is preferred.
    /// </summary>
    public static string? For(string code, string message, int attempts, string? iamAction, string? principal) => code switch
    {
        "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" or "AuthorizationError" when iamAction is not null =>
            $"allow {iamAction} in the IAM policy of {PrincipalIn(message) ?? principal ?? "the caller's identity"}",
        "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" or "AuthorizationError" => "check the IAM role's permissions",
        "UnrecognizedClientException" or "InvalidClientTokenId" or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature"
            => "check the AWS credentials and that they belong to this account and region",
        "ExpiredTokenException" or "ExpiredToken" or "RequestExpired" => "the AWS session expired: refresh the credentials",
        "RepositoryNotFoundException" => "create the repository or check its name, account and region",
        "RepositoryPolicyNotFoundException" => "the repository has no policy",
        "ImageTagAlreadyExistsException" => "the repository's tags are immutable: push a new tag",
        "LimitExceededException" => "a service quota is reached: raise it in Service Quotas or clean up",
        "ClusterNotFoundException" => "check the cluster name and region",
        "ServiceNotFoundException" or "ServiceNotActiveException" => "check the service name and cluster",
        _ when AwsRetryRules.IsUpdateInProgress(code, message) =>
            $"an update of the resource was still in progress after {attempts} attempts: wait until its LastUpdateStatus is Successful, then retry",
        _ when AwsRetryRules.IsThrottling(code) && attempts > 1 => $"still throttled after {attempts} attempts: retry later or lower the request rate",
        _ when AwsRetryRules.IsThrottling(code) => "throttled: retry later or lower the request rate",
        _ when attempts > 1 => $"after {attempts} attempts",
        _ => null,
    };

    /// <summary>
    /// What to do about an endpoint that did not answer. A loopback endpoint is a local stand-in, never AWS: when it
    /// refuses connections nothing listens there, so the hint is to start it (for ECS: the local ECS, by
    /// <c>LocalEcsUp</c>), not to look at proxies or VPC endpoints.
    /// </summary>
    public static string ForUnreachable(string service, Uri endpoint, bool isTimeout, bool refused)
    {
        if (isTimeout)
        {
            return "check the endpoint URL, network route or VPC endpoint, or raise the timeout";
        }

        if (!refused || !endpoint.IsLoopback)
        {
            return "check the endpoint URL and network access (proxy, firewall, VPC endpoint)";
        }

        var port = endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return service == AwsService.Ecs.ServiceId
            ? $"the local ECS is not running (nothing listens on {endpoint.Host}:{port}): start it with ./build.sh LocalEcsUp"
                + (endpoint.Port == LocalEcsDefaultPort ? "" : $" --local-ecs-port {port}") + ", or check the endpoint URL"
            : $"nothing listens on {endpoint.Host}:{port}: start the local {service} stand-in this endpoint names, or check the endpoint URL";
    }

    /// <summary><c>role deploy</c> or <c>user ci</c> from the principal ARN an access-denied message names.</summary>
    internal static string? PrincipalIn(string message)
    {
        var match = PrincipalArn().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var segments = match.Groups["rest"].Value.TrimEnd('.', ',', ';', ')').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return match.Groups["kind"].Value switch
        {
            "assumed-role" => $"role {segments[0]}",
            "role" => $"role {segments[^1]}",
            _ => $"user {segments[^1]}",
        };
    }

    /// <summary><c>role deploy</c> from <c>arn:aws:iam::1:role/path/deploy</c>.</summary>
    internal static string? RoleNamed(string? roleArn) =>
        string.IsNullOrEmpty(roleArn) ? null : $"role {roleArn[(roleArn.LastIndexOf('/') + 1)..]}";

    [GeneratedRegex(@"arn:aws[a-z-]*:(?:iam|sts)::\d*:(?<kind>assumed-role|role|user)/(?<rest>\S+)")]
    private static partial Regex PrincipalArn();
}
