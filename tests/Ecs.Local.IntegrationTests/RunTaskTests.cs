using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>One-off tasks as a migration runs them: RunTask with a command override, DescribeTasks until STOPPED, exit codes and stop codes.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class RunTaskTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task A_task_runs_its_overridden_command_and_reports_the_exit_code()
    {
        var cluster = await ClusterAsync("runtask");
        await ecs.CallAsync("RegisterTaskDefinition", TaskDefinitions.Job(cluster, "echo should-not-run; exit 3"));
        var run = await ecs.CallAsync("RunTask", new JsonObject
        {
            ["cluster"] = cluster,
            ["taskDefinition"] = cluster,
            ["startedBy"] = "migrations",
            ["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(new JsonObject
                {
                    ["name"] = "job",
                    ["command"] = new JsonArray("bash", "-c", "test \"$GREETING\" = hello && exit 7"),
                    ["environment"] = new JsonArray(new JsonObject { ["name"] = "GREETING", ["value"] = "hello" }),
                }),
            },
        });
        Assert.Empty(run["failures"]!.AsArray());
        var arn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        Assert.Equal("PROVISIONING", run["tasks"]![0]!["lastStatus"]!.GetValue<string>());

        var task = await WaitStoppedAsync(cluster, arn);
        Assert.Equal("EssentialContainerExited", task["stopCode"]!.GetValue<string>());
        Assert.Equal("Essential container in task exited", task["stoppedReason"]!.GetValue<string>());
        Assert.Equal(7, task["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.Equal("migrations", task["startedBy"]!.GetValue<string>());
        Assert.NotNull(task["stoppedAt"]);
        var listed = await ecs.CallAsync("ListTasks", new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = "STOPPED", ["startedBy"] = "migrations" });
        Assert.Equal([arn], listed["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()));
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task An_image_that_cannot_be_pulled_stops_the_task_with_TaskFailedToStart_and_no_exit_code()
    {
        var cluster = await ClusterAsync("nopull");
        var definition = TaskDefinitions.Job(cluster, "true");
        definition["containerDefinitions"]![0]!["image"] = "127.0.0.1:1/pipeline/missing:1";
        await ecs.CallAsync("RegisterTaskDefinition", definition);
        var run = await ecs.CallAsync("RunTask", new JsonObject { ["cluster"] = cluster, ["taskDefinition"] = cluster });

        var task = await WaitStoppedAsync(cluster, run["tasks"]![0]!["taskArn"]!.GetValue<string>());
        Assert.Equal("TaskFailedToStart", task["stopCode"]!.GetValue<string>());
        Assert.StartsWith("CannotPullContainerError", task["stoppedReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(task["containers"]![0]!["exitCode"]);
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task StopTask_stops_a_running_task_as_user_initiated()
    {
        var cluster = await ClusterAsync("stoptask");
        await ecs.CallAsync("RegisterTaskDefinition", TaskDefinitions.Job(cluster, "trap 'exit 143' TERM; while true; do sleep 0.2; done"));
        var arn = (await ecs.CallAsync("RunTask", new JsonObject { ["cluster"] = cluster, ["taskDefinition"] = $"{cluster}:1" }))["tasks"]![0]!["taskArn"]!.GetValue<string>();
        await WaitAsync(cluster, arn, t => t["lastStatus"]!.GetValue<string>() == "RUNNING", "RUNNING");

        var stopped = await ecs.CallAsync("StopTask", new JsonObject { ["cluster"] = cluster, ["task"] = arn, ["reason"] = "migration cancelled" });
        Assert.Equal("STOPPED", stopped["task"]!["desiredStatus"]!.GetValue<string>());
        var task = await WaitStoppedAsync(cluster, arn);
        Assert.Equal(("UserInitiated", "migration cancelled"), (task["stopCode"]!.GetValue<string>(), task["stoppedReason"]!.GetValue<string>()));
        Assert.Equal(143, task["containers"]![0]!["exitCode"]!.GetValue<int>());
        ecs.AssertExchangesConform();
    }

    private async Task<string> ClusterAsync(string name)
    {
        var cluster = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = cluster });
        return cluster;
    }

    private Task<JsonNode> WaitStoppedAsync(string cluster, string arn) =>
        WaitAsync(cluster, arn, t => t["lastStatus"]!.GetValue<string>() == "STOPPED", "STOPPED");

    private Task<JsonNode> WaitAsync(string cluster, string arn, Func<JsonNode, bool> condition, string what) => Poll.UntilAsync(
        async _ => (await ecs.CallAsync("DescribeTasks", new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray(arn) }))["tasks"]![0]!,
        condition,
        PollSchedule.Every(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(60)),
        $"task {arn} to be {what}",
        CancellationToken.None,
        task => task.ToJsonString());
}
