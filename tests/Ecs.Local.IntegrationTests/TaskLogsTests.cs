using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>
/// The awslogs log driver: a task's container output lands in CloudWatch Logs' stream
/// <c>&lt;prefix&gt;/&lt;container&gt;/&lt;task id&gt;</c>, read back by the aws CLI (botocore) as from AWS — after the task
/// stopped and while it runs; a missing group fails the task as ECS's agent does unless awslogs-create-group says otherwise.
/// </summary>
[Collection(LocalEcsCollection.Name)]
public sealed class TaskLogsTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_stopped_tasks_output_is_read_with_aws_logs_get_log_events()
    {
        var cluster = await ClusterAsync("logs");
        var group = $"/ecs/{cluster}";
        await ecs.CallAsync("RegisterTaskDefinition", Logged(cluster, "echo 'INFO  [alembic] Running upgrade 0001 -> 0002'; echo 'psycopg2.errors.UndefinedTable: relation \"x\" does not exist' >&2; exit 1", group, create: true));

        var arn = await RunAsync(cluster);
        var task = await WaitStoppedAsync(cluster, arn);
        Assert.Equal(1, task["containers"]![0]!["exitCode"]!.GetValue<int>());

        var stream = $"migrations/job/{arn[(arn.LastIndexOf('/') + 1)..]}";
        var events = await ecs.LogsCli.OkAsync("get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head");
        var messages = events["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
        // stdout and stderr each keep their order; between them, Docker's timestamps decide (as with awslogs in AWS).
        Assert.Equal(
            ["INFO  [alembic] Running upgrade 0001 -> 0002", "psycopg2.errors.UndefinedTable: relation \"x\" does not exist"],
            messages.Order(StringComparer.Ordinal));
        Assert.All(events["events"]!.AsArray(), e => Assert.True(e!["timestamp"]!.GetValue<long>() <= e["ingestionTime"]!.GetValue<long>()));
        var newest = await ecs.LogsCli.OkAsync("get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--limit", "1");
        Assert.Equal([messages[^1]], newest["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()));
        var streams = await ecs.LogsCli.OkAsync("describe-log-streams", "--log-group-name", group);
        Assert.Equal([stream], streams["logStreams"]!.AsArray().Select(s => s!["logStreamName"]!.GetValue<string>()));

        var missing = await ecs.LogsCli.RunAsync("get-log-events", "--log-group-name", group, "--log-stream-name", "migrations/job/no-such-task");
        Assert.Contains("ResourceNotFoundException", missing.Error, StringComparison.Ordinal);
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_running_tasks_output_is_read_as_it_writes_it_and_a_missing_group_fails_the_task_to_start()
    {
        var cluster = await ClusterAsync("livelogs");
        var group = $"/ecs/{cluster}";
        await ecs.CallAsync("RegisterTaskDefinition", Logged(cluster, "echo started; trap 'exit 0' TERM; while true; do sleep 0.2; done", group, create: false));

        var refused = await WaitStoppedAsync(cluster, await RunAsync(cluster));
        Assert.Equal("TaskFailedToStart", refused["stopCode"]!.GetValue<string>());
        Assert.Contains("The specified log group does not exist", refused["stoppedReason"]!.GetValue<string>(), StringComparison.Ordinal);

        await ecs.LogsCli.OkAsync("create-log-group", "--log-group-name", group);
        var arn = await RunAsync(cluster);
        var stream = $"migrations/job/{arn[(arn.LastIndexOf('/') + 1)..]}";
        await Poll.UntilAsync(
            async _ => await ecs.LogsCli.RunAsync("get-log-events", "--log-group-name", group, "--log-stream-name", stream),
            r => r.Output?["events"]?.AsArray().Any(e => e!["message"]!.GetValue<string>() == "started") == true,
            PollSchedule.Every(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(60)),
            $"'started' in log stream {stream}",
            CancellationToken.None,
            r => r.Error.Length > 0 ? r.Error : r.Output?.ToJsonString() ?? "");

        await ecs.CallAsync("StopTask", new JsonObject { ["cluster"] = cluster, ["task"] = arn });
        await WaitStoppedAsync(cluster, arn);
        var kept = await ecs.LogsCli.OkAsync("get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head");
        Assert.Equal(["started"], kept["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())); // kept once, not again at the stop
        ecs.AssertExchangesConform();
    }

    private static JsonObject Logged(string family, string script, string group, bool create)
    {
        var definition = TaskDefinitions.Job(family, script);
        var options = new JsonObject { ["awslogs-group"] = group, ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "migrations" };
        if (create)
        {
            options["awslogs-create-group"] = "true";
        }

        definition["containerDefinitions"]![0]!["logConfiguration"] = new JsonObject { ["logDriver"] = "awslogs", ["options"] = options };
        return definition;
    }

    private async Task<string> ClusterAsync(string name)
    {
        var cluster = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = cluster });
        return cluster;
    }

    private async Task<string> RunAsync(string cluster) =>
        (await ecs.CallAsync("RunTask", new JsonObject { ["cluster"] = cluster, ["taskDefinition"] = cluster }))["tasks"]![0]!["taskArn"]!.GetValue<string>();

    private Task<JsonNode> WaitStoppedAsync(string cluster, string arn) => Poll.UntilAsync(
        async _ => (await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray(arn) }))["tasks"]![0]!,
        t => t["lastStatus"]!.GetValue<string>() == "STOPPED",
        PollSchedule.Every(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(60)),
        $"task {arn} to be STOPPED",
        CancellationToken.None,
        task => task.ToJsonString());
}
