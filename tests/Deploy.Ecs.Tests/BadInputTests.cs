using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy.Environments;
using Pipeline.Testing.Images;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>Each bad input stops the deploy before anything changes, with one line naming what and where.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string Role = "arn:aws:iam::123456789012:role/github-deploy";
    private static readonly string Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:" + new string('c', 64);
    private readonly AwsErrorStub stub = new();
    private readonly string root = Directory.CreateTempSubdirectory("ecs-platform-bad-input-").FullName;

    [Fact]
    public async Task An_unknown_cluster_names_the_cluster_region_and_environment()
    {
        stub.Fail("DescribeServices", "ClusterNotFoundException", "Cluster not found.");

        var error = await DeployFailsAsync(Settings());

        Assert.Equal("ECS cluster 'prod' does not exist in eu-west-1 (environment 'staging'): check the cluster and region in its declaration", error.Message);
    }

    [Fact]
    public async Task An_unknown_service_names_the_service_and_cluster()
    {
        stub.Succeed("DescribeServices", """{"services":[],"failures":[{"arn":"arn:aws:ecs:eu-west-1:123456789012:service/prod/api","reason":"MISSING"}]}""");

        var error = await DeployFailsAsync(Settings());

        Assert.Equal(
            "ECS service 'api' does not exist in cluster 'prod' (eu-west-1, environment 'staging'): create it with the infrastructure code or check the service name",
            error.Message);
    }

    [Fact]
    public async Task A_service_without_blue_green_load_balancing_is_refused()
    {
        stub.Succeed("DescribeServices", """{"services":[{"serviceName":"api","status":"ACTIVE","deploymentController":{"type":"ECS"},"loadBalancers":[{"targetGroupArn":"arn:tg"}]}]}""");

        var error = await DeployFailsAsync(Settings());

        Assert.StartsWith("ECS service 'api' (environment 'staging') is not set up for blue/green: no load balancer has an advancedConfiguration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_deployed_by_CodeDeploy_is_refused()
    {
        stub.Succeed("DescribeServices", """{"services":[{"serviceName":"api","status":"ACTIVE","deploymentController":{"type":"CODE_DEPLOY"}}]}""");

        var error = await DeployFailsAsync(Settings());

        Assert.StartsWith("ECS service 'api' (environment 'staging') is not set up for blue/green: its deployment controller is CODE_DEPLOY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Access_denied_names_the_action_and_the_role()
    {
        stub.Fail("DescribeServices", "AccessDeniedException", $"User: {Role}/run is not authorized to perform: ecs:DescribeServices");

        var error = await DeployFailsAsync(Settings());

        Assert.Equal(
            $"ECS DescribeServices was denied to role {Role} (environment 'staging'): allow ecs:DescribeServices on it (User: {Role}/run is not authorized to perform: ecs:DescribeServices)",
            error.Message);
    }

    [Fact]
    public async Task Throttling_is_retried_then_reported_in_one_line()
    {
        stub.Fail("DescribeServices", "ThrottlingException", "Rate exceeded");

        var error = await DeployFailsAsync(Settings());

        Assert.Equal(
            "environment 'staging': ECS DescribeServices failed: ThrottlingException: Rate exceeded (still throttled after 5 attempts: retry later or lower the request rate)",
            error.Message);
        Assert.Equal(5, stub.Received.Count(o => o == "DescribeServices"));
    }

    [Fact]
    public async Task A_digest_that_is_not_in_the_repository_is_refused_before_anything_registers()
    {
        ServiceReady();
        stub.Fail("DescribeImages", "ImageNotFoundException", "The image with imageId {imageDigest:'sha256:cc…'} does not exist");

        var error = await DeployFailsAsync(Settings() with { EcrEndpoint = stub.Endpoint });

        Assert.Equal(
            $"image sha256:{new string('c', 64)} is not in ECR repository 'api' (123456789012.dkr.ecr.eu-west-1.amazonaws.com): push it first (the image job) or pass the digest it pushed",
            error.Message);
        Assert.DoesNotContain("RegisterTaskDefinition", stub.Received);
    }

    [Fact]
    public async Task An_invalid_task_definition_file_names_the_file_and_member()
    {
        ServiceReady();
        stub.Succeed("DescribeImages", """{"imageDetails":[{"imageDigest":"sha256:cc"}]}""");
        Directory.CreateDirectory(Path.Combine(root, "deploy"));
        File.WriteAllText(Path.Combine(root, "deploy", "api.json"), """{"family":"api","containerDefinitions":[{"name":"api","image":"x","memory":"512"}]}""");

        var error = await DeployFailsAsync(Settings() with { TaskDefinitionFile = "deploy/api.json", EcrEndpoint = stub.Endpoint });

        Assert.Equal($"{Path.Combine(root, "deploy", "api.json")}: $.containerDefinitions[0].memory must be a whole number, not the string \"512\"", error.Message);
        Assert.DoesNotContain("RegisterTaskDefinition", stub.Received);
    }

    [Fact]
    public async Task An_image_that_is_not_by_digest_is_refused()
    {
        await using var environment = Open(Settings());

        var error = await Assert.ThrowsAsync<DeployException>(() => environment.DeployAsync(
            new DeploySpec { Version = "2.0.0", Image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0.0" }, CancellationToken.None));

        Assert.StartsWith("ECS deploys an image by digest, not '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.0.0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_are_validated_with_the_environment_named()
    {
        Assert.Equal("ECS environment 'dev': the cluster is empty", (Settings() with { Cluster = " " }).Validate("dev"));
        Assert.Equal("ECS environment 'dev': the gate timeout 00:00:30 is outside ECS's 1 minute to 14 days", (Settings() with { GateTimeout = TimeSpan.FromSeconds(30) }).Validate("dev"));
        Assert.Null(Settings().Validate("dev"));
    }

    public void Dispose()
    {
        stub.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private void ServiceReady() => stub
        .Succeed("DescribeServices", """
            {"services":[{"serviceName":"api","status":"ACTIVE","taskDefinition":"arn:aws:ecs:eu-west-1:123456789012:task-definition/api:3",
              "loadBalancers":[{"targetGroupArn":"arn:tg/1","advancedConfiguration":{"alternateTargetGroupArn":"arn:tg/2","productionListenerRule":"arn:rule/1","testListenerRule":"arn:rule/2","roleArn":"arn:role"}}]}]}
            """)
        .Succeed("DescribeTaskDefinition", """{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:eu-west-1:123456789012:task-definition/api:3","family":"api","revision":3,"containerDefinitions":[{"name":"api","image":"old"}]},"tags":[]}""");

    private async Task<DeployException> DeployFailsAsync(EcsPlatformSettings settings)
    {
        await using var environment = Open(settings);
        return await Assert.ThrowsAnyAsync<DeployException>(() => environment.DeployAsync(
            new DeploySpec { Version = "2.0.0", Image = Image }, CancellationToken.None));
    }

    private IPlatformEnvironment Open(EcsPlatformSettings settings) => settings.Open(new EnvironmentContext
    {
        Name = "staging",
        RootDirectory = root,
        LoggerFactory = NullLoggerFactory.Instance,
    });

    private EcsPlatformSettings Settings() => new()
    {
        Cluster = "prod",
        Service = "api",
        Region = "eu-west-1",
        Role = Role,
        Endpoint = stub.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
    };
}
