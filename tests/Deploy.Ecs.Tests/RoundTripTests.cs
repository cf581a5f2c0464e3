using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Managed;
using Pipeline.Testing.Images;

namespace Pipeline.Deploy.Ecs.Tests;

/// <summary>
/// What the platform reads from ECS and sends back with UpdateService arrives whole: a Lambda hook's hookDetails and
/// members the client does not type, wherever they are in the deployment configuration.
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private const string Described = """
        {"services":[{"serviceName":"api","status":"ACTIVE","currentServiceDeployment":"arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/old",
          "deploymentController":{"type":"ECS"},
          "deploymentConfiguration":{"strategy":"LINEAR","bakeTimeInMinutes":5,"maximumPercent":200,"memberAddedLater":{"a":[1,2]},
            "linearConfiguration":{"stepPercent":10,"stepBakeTimeInMinutes":3,"linearMemberAddedLater":"x"},
            "alarms":{"alarmNames":["old-alarm"],"enable":true,"rollback":true,"alarmsMemberAddedLater":true},
            "deploymentCircuitBreaker":{"enable":false,"rollback":false,"breakerMemberAddedLater":1},
            "lifecycleHooks":[{"targetType":"AWS_LAMBDA","hookTargetArn":"arn:aws:lambda:eu-west-1:123456789012:function:check","roleArn":"arn:aws:iam::123456789012:role/hooks",
              "lifecycleStages":["POST_SCALE_UP","POST_TEST_TRAFFIC_SHIFT"],"hookDetails":{"threshold":0.99,"paths":["/health","/ready"],"nested":{"deep":null}},
              "hookMemberAddedLater":{"k":"v"}},
              {"targetType":"PAUSE","lifecycleStages":["POST_SCALE_UP"]}]},
          "loadBalancers":[{"targetGroupArn":"arn:tg/1","advancedConfiguration":{"alternateTargetGroupArn":"arn:tg/2","productionListenerRule":"arn:rule/1","testListenerRule":"arn:rule/2","roleArn":"arn:role"}}]}]}
        """;

    private readonly AwsErrorStub stub = new();
    private readonly string root = Directory.CreateTempSubdirectory("ecs-platform-round-trip-").FullName;

    [Fact]
    public async Task A_described_service_with_hook_details_and_unknown_members_arrives_whole_in_UpdateService()
    {
        stub.Succeed("DescribeServices", Described)
            .Succeed("UpdateService", """{"service":{"serviceName":"api","currentServiceDeployment":"arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/new"}}""");
        var options = new AwsClientOptions { Region = "eu-west-1", ServiceUrl = stub.Endpoint, Credentials = new BasicAWSCredentials("test", "test") };
        using var ecs = new EcsClient(options);
        using var ecr = new EcrClient(options);
        var platform = new EcsPlatform(Settings(), "staging", root, ecs, ecr, NullLogger.Instance);

        await platform.StartAsync(
            new Revision("arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8", new Release("2.0.0", "api:8")),
            new DeploymentPlan { Shift = TrafficShift.Linear(25, TimeSpan.FromMinutes(1)), Alarms = ["api-5xx"], Gates = [DeploymentGate.PostTestTrafficShift] },
            CancellationToken.None);

        var sent = JsonNode.Parse(stub.Requests.Single(r => r.Operation == "UpdateService").Body)!["deploymentConfiguration"]!;
        var described = JsonNode.Parse(Described)!["services"]![0]!["deploymentConfiguration"]!;
        var lambdaHook = sent["lifecycleHooks"]![0]!;
        Assert.Equal(described["lifecycleHooks"]![0]!.ToJsonString(), lambdaHook.ToJsonString());
        Assert.Equal("""{"a":[1,2]}""", sent["memberAddedLater"]!.ToJsonString());
        Assert.Equal("x", (string?)sent["linearConfiguration"]!["linearMemberAddedLater"]);
        Assert.Equal(25, (double?)sent["linearConfiguration"]!["stepPercent"]);
        Assert.True((bool?)sent["alarms"]!["alarmsMemberAddedLater"]);
        Assert.Equal("""["api-5xx"]""", sent["alarms"]!["alarmNames"]!.ToJsonString());
        Assert.Equal(described["deploymentCircuitBreaker"]!.ToJsonString(), sent["deploymentCircuitBreaker"]!.ToJsonString());
        Assert.Equal(200, (int?)sent["maximumPercent"]);
    }

    [Fact]
    public async Task A_service_network_without_subnets_fails_the_migrations_in_one_line_before_RunTask()
    {
        stub.Succeed("DescribeServices", """{"services":[{"serviceName":"api","status":"ACTIVE","launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"securityGroups":["sg-1"]}}}]}""");
        var options = new AwsClientOptions { Region = "eu-west-1", ServiceUrl = stub.Endpoint, Credentials = new BasicAWSCredentials("test", "test") };
        using var ecs = new EcsClient(options);
        using var ecr = new EcrClient(options);
        var platform = new EcsPlatform(Settings() with { MigrationsCommand = ["migrate"], Container = "api" }, "staging", root, ecs, ecr, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<DeployException>(() =>
            platform.RunMigrationsAsync(new Revision("arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8", new Release("2.0.0", "api:8")), CancellationToken.None));

        Assert.Equal(
            "ECS service 'api' (environment 'staging') has an awsvpcConfiguration without subnets, and the migrations task runs in the service's network: give the service its subnets (networkConfiguration) in the infrastructure code",
            error.Message);
        Assert.DoesNotContain("RunTask", stub.Received);
    }

    public void Dispose()
    {
        stub.Dispose();
        Directory.Delete(root, recursive: true);
    }

    private EcsPlatformSettings Settings() => new()
    {
        Cluster = "prod",
        Service = "api",
        Region = "eu-west-1",
        Endpoint = stub.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
    };
}
