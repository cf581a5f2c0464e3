using Amazon.Runtime;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Images.Ecr;
using Pipeline.Images.Pushing;
using Pipeline.Testing.Images;

namespace Pipeline.Images.Tests;

/// <summary>ECR errors moto does not produce, from a local stub endpoint: they stop the flow before Docker is asked.</summary>
public sealed class EcrErrorTests
{
    private static EcrClient Ecr(Uri endpoint, TimeSpan? timeout = null) => new(new AwsClientOptions
    {
        Region = "eu-west-1",
        ServiceUrl = endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 0,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    });

    [Fact]
    public async Task Access_denied_by_iam_is_one_line()
    {
        using var stub = new AwsErrorStub().Fail(
            "GetAuthorizationToken",
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action");
        using var ecr = Ecr(stub.Endpoint);
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var publisher = new EcrPublisher(ecr, new ImagePusher(docker, registryClient, new ListLogger()), new ListLogger());

        var error = await Assert.ThrowsAsync<EcrAccessDeniedException>(() =>
            publisher.PushAsync("pipeline-test/any", "1", new EcrPushOptions("team/api"), CancellationToken.None));

        Assert.Equal(
            "ECR GetAuthorizationToken was denied by IAM: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action; grant the pipeline's IAM role the ecr: actions it needs (GetAuthorizationToken, DescribeRepositories, CreateRepository, DescribeImages, and the layer upload actions).",
            error.Message);
        Assert.Equal(["GetAuthorizationToken"], stub.Received);
    }

    [Fact]
    public async Task Repository_policy_denial_names_the_policy()
    {
        using var stub = new AwsErrorStub()
            .Succeed("GetAuthorizationToken", $$"""{"authorizationData":[{"authorizationToken":"{{Convert.ToBase64String("AWS:pw"u8)}}","proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com","expiresAt":1.7e9}]}""")
            .Fail(
                "DescribeRepositories",
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: ecr:DescribeRepositories on resource: arn:aws:ecr:eu-west-1:123456789012:repository/team/api with an explicit deny in a resource-based policy");
        using var ecr = Ecr(stub.Endpoint);
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var publisher = new EcrPublisher(ecr, new ImagePusher(docker, registryClient, new ListLogger()), new ListLogger());

        var error = await Assert.ThrowsAsync<EcrAccessDeniedException>(() =>
            publisher.PushAsync("pipeline-test/any", "1", new EcrPushOptions("team/api"), CancellationToken.None));

        Assert.StartsWith("ECR DescribeRepositories was denied by the repository policy of team/api: User: arn:aws:sts::123456789012:assumed-role/ci/gh", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; allow the pipeline's role in the repository policy (aws ecr get-repository-policy --repository-name team/api).", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Ecr_endpoint_that_does_not_answer_times_out_with_one_line()
    {
        using var silent = new SilentServer();
        using var ecr = Ecr(silent.Endpoint, TimeSpan.FromSeconds(1));
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var publisher = new EcrPublisher(ecr, new ImagePusher(docker, registryClient, new ListLogger()), new ListLogger());

        var error = await Assert.ThrowsAsync<AwsEndpointException>(() =>
            publisher.PushAsync("pipeline-test/any", "1", new EcrPushOptions("team/api"), CancellationToken.None));

        Assert.True(error.IsTimeout);
        Assert.StartsWith("ECR GetAuthorizationToken failed:", error.Message, StringComparison.Ordinal);
        Assert.Contains(silent.Endpoint.ToString(), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
