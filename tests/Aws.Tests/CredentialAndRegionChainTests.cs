using Amazon.Runtime;
using Pipeline.Aws.Ecr;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>The SDK's credential and region chains as the client uses them: environment, web identity (OIDC) through STS on moto.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CredentialAndRegionChainTests(MotoServer moto) : IClassFixture<MotoServer>
{
    [Fact]
    public async Task Environment_credentials_sign_the_request()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"repositories":[]}"""));
        using var scope = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "envkeyid",
            ["AWS_SECRET_ACCESS_KEY"] = "envsecret",
            ["AWS_SESSION_TOKEN"] = "envsessiontoken",
            ["AWS_REGION"] = "eu-central-1",
        });
        using var ecr = new EcrClient(new AwsClientOptions { ServiceUrl = stub.Endpoint, MaxRetries = 0 });

        await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest(), CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=envkeyid/", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/ecr/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token", request.Authorization, StringComparison.Ordinal);
        Assert.Equal("envsessiontoken", request.SecurityToken);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Web_identity_assumes_the_role_through_sts_and_calls_ecr()
    {
        var tokenFile = Path.Combine(Path.GetTempPath(), $"pipeline-oidc-{Guid.NewGuid():N}.jwt");
        await File.WriteAllTextAsync(tokenFile, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOnBpcGVsaW5lIn0.c2lnbmF0dXJl");
        try
        {
            using var scope = new EnvironmentScope(new Dictionary<string, string?>
            {
                ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
                ["AWS_ROLE_ARN"] = $"arn:aws:iam::{moto.AccountId}:role/pipeline-deploy",
                ["AWS_ROLE_SESSION_NAME"] = "pipeline-test",
                ["AWS_REGION"] = "eu-west-1",
                ["AWS_ENDPOINT_URL_STS"] = moto.Endpoint.ToString(),
            });

            var chained = await AwsCredentialChain.ResolveAsync(AwsService.Ecr, CancellationToken.None);
            var current = await chained.GetCredentialsAsync();
            using var ecr = new EcrClient(new AwsClientOptions { ServiceUrl = moto.Endpoint, MaxRetries = 0 });
            var login = await ecr.GetRegistryCredentialsAsync(null, CancellationToken.None);

            Assert.IsType<AssumeRoleWithWebIdentityCredentials>(chained);
            // Temporary credentials that only moto's STS (AWS_ENDPOINT_URL_STS) can have issued for this fake token.
            Assert.StartsWith("ASIA", current.AccessKey, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(current.Token));
            Assert.Equal("AWS", login.Username);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }

    [Fact]
    public async Task No_credentials_anywhere_is_one_line_saying_how_to_configure_them()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, "{}"));
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-1" });
        using var ecr = new EcrClient(new AwsClientOptions { ServiceUrl = stub.Endpoint });

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.StartsWith("ECR: no AWS credentials found; set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or AWS_WEB_IDENTITY_TOKEN_FILE", error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public void Region_and_endpoint_come_from_the_environment()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { ["AWS_REGION"] = "ap-southeast-2" });
        using var ecr = new EcrClient(new AwsClientOptions());

        Assert.Equal("ap-southeast-2", ecr.Client.Region);
        Assert.Equal(new Uri("https://api.ecr.ap-southeast-2.amazonaws.com/"), ecr.Client.Endpoint);
    }

    [Fact]
    public void A_service_endpoint_variable_overrides_the_public_endpoint()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?>
        {
            ["AWS_DEFAULT_REGION"] = "us-west-2",
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_ENDPOINT_URL_ECR"] = "https://vpce-0abc.api.ecr.us-west-2.vpce.amazonaws.com",
        });
        using var ecr = new EcrClient(new AwsClientOptions());

        Assert.Equal("us-west-2", ecr.Client.Region);
        Assert.Equal(new Uri("https://vpce-0abc.api.ecr.us-west-2.vpce.amazonaws.com/"), ecr.Client.Endpoint);
    }

    [Fact]
    public void No_region_anywhere_is_one_line_naming_AWS_REGION()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?>());
        using var ecr = new EcrClient(new AwsClientOptions { Credentials = new BasicAWSCredentials("test", "test") });

        var error = Assert.Throws<AwsConfigurationException>(() => ecr.Client.Region);

        Assert.Equal("ECR: no AWS region configured; set AWS_REGION (or the 'region' of your AWS profile, or the client's Region option)", error.Message);
    }
}
