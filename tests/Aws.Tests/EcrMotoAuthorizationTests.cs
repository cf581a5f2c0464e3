using Amazon.Runtime;
using Pipeline.Aws.Ecr;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>A real access denial: moto with IAM enforcement on (its own server, since enforcement is server-wide).</summary>
public sealed class EcrMotoAuthorizationTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [FactRequiring(Requirement.Moto)]
    public async Task A_policy_without_the_action_gives_AccessDenied_naming_the_user_and_action()
    {
        var key = await moto.CreateUserAsync(
            "ci-readonly",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:DescribeRepositories","Resource":"*"}]}""");
        await moto.EnableAuthenticationAsync();
        using var ecr = new EcrClient(new AwsClientOptions
        {
            Region = "eu-west-1",
            ServiceUrl = moto.Endpoint,
            Credentials = new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var allowed = await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.NotNull(allowed);
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(
            $"ECR GetAuthorizationToken failed: AccessDenied: User: arn:aws:iam::{moto.AccountId}:user/ci-readonly is not authorized to perform: ecr:GetAuthorizationToken (allow ecr:GetAuthorizationToken in the IAM policy of user ci-readonly)",
            error.Message);
    }
}
