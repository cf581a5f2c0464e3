using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Pipeline.Aws;

/// <summary>
/// The SDK's default credential chain (environment, shared profiles incl. SSO, OIDC web identity through
/// AWSSDK.SecurityToken, ECS container and EC2 instance credentials), with errors a human can act on.
/// </summary>
internal static class AwsCredentialChain
{
    public static async Task<AWSCredentials> ResolveAsync(AwsService service, CancellationToken cancellationToken)
    {
        using var resolver = new DefaultAWSCredentialsIdentityResolver();
        try
        {
            return await resolver.ResolveIdentityAsync(null!, cancellationToken);
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException(
                $"{service.ServiceId}: no AWS credentials found; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or " +
                "AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN (on GitHub Actions: aws-actions/configure-aws-credentials)",
                e);
        }
    }

    /// <summary>Current immutable credentials; refreshing ones (web identity, SSO) refresh themselves.</summary>
    public static async Task<ImmutableCredentials> CurrentAsync(AWSCredentials credentials, AwsService service)
    {
        try
        {
            return await credentials.GetCredentialsAsync();
        }
        catch (AmazonServiceException e)
        {
            // Web identity and SSO call STS/SSO here: their errors are service errors of their own.
            var code = string.IsNullOrEmpty(e.ErrorCode) ? e.GetType().Name : e.ErrorCode;
            var operation = credentials is AssumeRoleWithWebIdentityCredentials ? "AssumeRoleWithWebIdentity" : "GetCredentials";
            throw new AwsServiceException("STS", operation, code, e.Message, e.StatusCode, e.RequestId, 1, e);
        }
        catch (AmazonClientException e)
        {
            throw new AwsConfigurationException($"{service.ServiceId}: the AWS credentials could not be loaded: {e.Message}", e);
        }
    }
}
