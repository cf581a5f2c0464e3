using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Pipeline.Aws;
using Pipeline.Aws.Ecs;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>
/// A RunTask whose answer is lost (the local ECS drops it after starting the task) and that Pipeline's client retries
/// runs once: the client sends the same clientToken again and the local ECS, as ECS, answers with the task it started.
/// </summary>
[Collection(LocalEcsCollection.Name)]
public sealed class LostAnswerTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_migrations_task_whose_RunTask_answer_is_lost_runs_once()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ecs-local-lost-{Guid.NewGuid():N}");
        var exchanges = Path.Combine(dir, "exchanges.jsonl");
        Directory.CreateDirectory(dir);
        var server = await EcsLocalServer.StartAsync(ecs.Options(dir, exchanges) with { DropFirstResponseOf = ["RunTask"] });
        try
        {
            using var client = new EcsClient(new AwsClientOptions
            {
                Region = "us-east-1",
                ServiceUrl = server.Endpoint,
                Credentials = new BasicAWSCredentials(LocalEcsFixture.AccessKey, ecs.SecretKey),
                MaxRetries = 3,
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
            });
            await client.CreateClusterAsync(new CreateClusterRequest { ClusterName = "lost" }, CancellationToken.None);
            await client.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromJson(TaskDefinitions.Job("migrations", "echo migrated")), CancellationToken.None);

            var started = await client.RunTaskAsync(
                new RunTaskRequest { Cluster = "lost", TaskDefinition = "migrations", StartedBy = "pipeline-migrations" }, CancellationToken.None);

            var task = Assert.Single(started.Tasks);
            var runTasks = File.ReadAllLines(exchanges).Select(l => JsonNode.Parse(l)!).Where(l => (string?)l["operation"] == "RunTask").ToList();
            Assert.Equal(2, runTasks.Count);
            var tokens = runTasks.Select(l => (string?)l["request"]!["clientToken"]).ToList();
            Assert.True(Guid.TryParse(tokens[0], out _), $"clientToken '{tokens[0]}' is not a UUID");
            Assert.Equal(tokens[0], tokens[1]);
            Assert.Equal(task.TaskArn, (string?)runTasks[0]["response"]!["tasks"]![0]!["taskArn"]);
            var stopped = await WaitStoppedAsync(client, task.TaskArn!);
            Assert.Equal(0, stopped.Containers.Single().ExitCode);
            Assert.Equal([task.TaskArn!], await TasksStartedByAsync(server, "pipeline-migrations"));
        }
        finally
        {
            await server.DownAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [FactRequiring(Requirement.Docker)]
    public async Task The_same_client_token_is_the_same_tasks_and_other_parameters_with_it_are_refused()
    {
        var cluster = $"token-{Guid.NewGuid().ToString("N")[..6]}";
        await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = cluster });
        await ecs.CallAsync("RegisterTaskDefinition", TaskDefinitions.Job(cluster, "exit 0"));
        await ecs.CallAsync("RegisterTaskDefinition", TaskDefinitions.Job(cluster, "exit 1"));
        var request = new JsonObject { ["cluster"] = cluster, ["taskDefinition"] = $"{cluster}:1", ["clientToken"] = "deploy-7-migrations" };

        var first = await ecs.CallAsync("RunTask", (JsonObject)request.DeepClone());
        var again = await ecs.CallAsync("RunTask", (JsonObject)request.DeepClone());
        request["taskDefinition"] = $"{cluster}:2";
        var other = await ecs.FailAsync("RunTask", request);

        Assert.Equal((string?)first["tasks"]![0]!["taskArn"], (string?)again["tasks"]![0]!["taskArn"]);
        Assert.Single(again["tasks"]!.AsArray());
        Assert.Equal("InvalidParameterException", other.ErrorCode);
        var listed = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = "STOPPED" });
        var running = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = cluster });
        Assert.Equal(1, listed["taskArns"]!.AsArray().Count + running["taskArns"]!.AsArray().Count);
        ecs.AssertExchangesConform();
    }

    private static async Task<EcsTask> WaitStoppedAsync(EcsClient client, string taskArn)
    {
        EcsTask? task = null;
        await Eventually.WaitForAsync(
            async () => (task = (await client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "lost", Tasks = [taskArn] }, CancellationToken.None)).Tasks.Single()).LastStatus == "STOPPED",
            TimeSpan.FromSeconds(60),
            $"task {taskArn} STOPPED");
        return task!;
    }

    private async Task<IReadOnlyList<string>> TasksStartedByAsync(EcsLocalServer server, string startedBy)
    {
        using var raw = new AwsJsonClient(AwsService.Ecs, new AwsClientOptions
        {
            Region = "us-east-1",
            ServiceUrl = server.Endpoint,
            Credentials = new BasicAWSCredentials(LocalEcsFixture.AccessKey, ecs.SecretKey),
        });
        var types = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));
        var arns = new List<string>();
        foreach (var status in new[] { "RUNNING", "STOPPED" })
        {
            var page = await raw.SendAsync(
                "ListTasks", new JsonObject { ["cluster"] = "lost", ["startedBy"] = startedBy, ["desiredStatus"] = status }, types, types, CancellationToken.None);
            arns.AddRange(page["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()));
        }

        return arns;
    }
}
