using System.Text.Json.Nodes;
using Amazon.Runtime;
using Pipeline.Aws.Ecs;
using Pipeline.Foundation.Polling;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>The ECS operations moto implements, over real HTTP with SigV4: what a deploy's pre-flight and migrations call.</summary>
[Collection(MotoCollection.Name)]
public sealed class EcsMotoTests(MotoServer moto)
{
    [FactRequiring(Requirement.Moto)]
    public async Task A_missing_cluster_is_ClusterNotFoundException()
    {
        using var ecs = Client();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.DescribeServicesAsync(
            new DescribeServicesRequest { Cluster = MotoServer.UniqueName("nocluster"), Services = ["api"] }, CancellationToken.None));

        Assert.Equal("ClusterNotFoundException", error.ErrorCode);
        Assert.StartsWith("ECS DescribeServices failed: ClusterNotFoundException", error.Message, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Register_describe_create_update_and_describe_a_service()
    {
        using var ecs = Client();
        var cluster = MotoServer.UniqueName("cluster");
        var family = MotoServer.UniqueName("api");
        await ecs.CreateClusterAsync(new CreateClusterRequest { ClusterName = cluster }, CancellationToken.None);

        var registered = await ecs.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(JsonNode.Parse(
            $$"""{"family":"{{family}}","networkMode":"awsvpc","cpu":"256","memory":"512","requiresCompatibilities":["FARGATE"],"containerDefinitions":[{"name":"api","image":"repo/api@sha256:{{new string('a', 64)}}","essential":true,"memory":512}]}""")!.AsObject()),
            CancellationToken.None);
        var described = await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = family }, CancellationToken.None);
        var created = await ecs.CreateServiceAsync(
            new CreateServiceRequest { Cluster = cluster, ServiceName = "api", TaskDefinition = registered.TaskDefinition!.TaskDefinitionArn, DesiredCount = 1 },
            CancellationToken.None);
        var second = await ecs.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(JsonNode.Parse(
            $$"""{"family":"{{family}}","containerDefinitions":[{"name":"api","image":"repo/api:2","memory":512}]}""")!.AsObject()), CancellationToken.None);
        await ecs.UpdateServiceAsync(
            new UpdateServiceRequest { Cluster = cluster, Service = "api", TaskDefinition = second.TaskDefinition!.TaskDefinitionArn, DesiredCount = 2 },
            CancellationToken.None);
        var services = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = ["api", "missing"] }, CancellationToken.None);

        Assert.Equal(1, registered.TaskDefinition.Revision);
        Assert.Equal("awsvpc", (string?)JsonSerializerNode(described.TaskDefinition!)["networkMode"]);
        Assert.Equal("api", created.Service!.ServiceName);
        var service = Assert.Single(services.Services);
        Assert.Equal(second.TaskDefinition.TaskDefinitionArn, service.TaskDefinition);
        Assert.Equal(2, service.DesiredCount);
        Assert.Equal("MISSING", Assert.Single(services.Failures).Reason);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task A_one_off_task_runs_and_is_described_until_the_poll_sees_it()
    {
        using var ecs = Client();
        var cluster = MotoServer.UniqueName("cluster");
        var family = MotoServer.UniqueName("migrate");
        await ecs.CreateClusterAsync(new CreateClusterRequest { ClusterName = cluster }, CancellationToken.None);
        var registered = await ecs.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(JsonNode.Parse(
            $$"""{"family":"{{family}}","containerDefinitions":[{"name":"api","image":"repo/api:1","memory":512}]}""")!.AsObject()),
            CancellationToken.None);

        var run = await ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = cluster,
            TaskDefinition = registered.TaskDefinition!.TaskDefinitionArn!,
            LaunchType = "FARGATE",
            StartedBy = "pipeline-test",
            Overrides = new TaskOverride { ContainerOverrides = [new ContainerOverride { Name = "api", Command = ["migrate"] }] },
        }, CancellationToken.None);
        var task = Assert.Single(run.Tasks);
        var described = await Poll.UntilAsync(
            ct => ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = [task.TaskArn!] }, ct),
            r => r.Tasks.Count == 1,
            new PollSchedule(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10)),
            "the task to be described",
            CancellationToken.None);

        Assert.Equal(task.TaskArn, described.Tasks[0].TaskArn);
        Assert.Equal(registered.TaskDefinition.TaskDefinitionArn, described.Tasks[0].TaskDefinitionArn);
    }

    private static JsonObject JsonSerializerNode(EcsTaskDefinition definition) =>
        System.Text.Json.JsonSerializer.SerializeToNode(definition, EcsJsonContext.Default.EcsTaskDefinition)!.AsObject();

    private EcsClient Client() => new(new AwsClientOptions
    {
        Region = "eu-west-1",
        ServiceUrl = moto.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 0,
    });
}
