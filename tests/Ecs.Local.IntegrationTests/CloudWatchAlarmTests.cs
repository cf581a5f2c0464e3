using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>
/// CloudWatch beside ECS on the local ECS's endpoint, driven by the aws CLI unchanged: an alarm put on the load
/// balancer metrics of the new revision's target group (from the production listener's real requests) is honoured
/// through deploymentConfiguration.alarms as ECS does — it rolls the deployment back during the bake when it goes
/// into ALARM — and GetMetricData answers the requests it counted; SetAlarmState holds a state until the alarm's next
/// period, and DeleteAlarms deletes the alarms that exist beside an unknown name, as CloudWatch documents; a revision's
/// resolvedConfiguration names the target group it serves from.
/// </summary>
[Collection(LocalEcsCollection.Name)]
public sealed class CloudWatchAlarmTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task An_alarm_put_with_the_aws_cli_on_the_target_groups_5xx_rolls_back_the_bake()
    {
        var scenario = new Scenario(ecs, "cw-alarm");
        await scenario.StartAsync("v1");
        var cloudWatch = new AwsCli(ecs.Endpoint, "us-east-1", LocalEcsFixture.AccessKey, ecs.SecretKey) { Service = "cloudwatch", MaxAttempts = 1 };
        var alarm = $"{scenario.Cluster}-green-5xx";
        string[] dimensions = ["Name=TargetGroup,Value=targetgroup/green/2", "Name=LoadBalancer,Value=app/local/prod"];
        await cloudWatch.OkAsync(
            "put-metric-alarm", "--alarm-name", alarm, "--namespace", "AWS/ApplicationELB", "--metric-name", "HTTPCode_Target_5XX_Count",
            "--dimensions", dimensions[0], dimensions[1], "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1",
            "--threshold", "2", "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching");
        var ecsCli = new AwsCli(ecs.Endpoint, "us-east-1", LocalEcsFixture.AccessKey, ecs.SecretKey) { Service = "ecs", MaxAttempts = 1 };
        Assert.Equal(["arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/blue/1"], await ResolvedTargetGroupsAsync(ecsCli, scenario));
        var failing = await scenario.RegisterAsync(TaskDefinitions.Web(scenario.Family, "v2", status: 500));
        var started = DateTimeOffset.UtcNow;
        var deployment = await scenario.UpdateAsync(failing, new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 60,
            ["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray(alarm), ["enable"] = true, ["rollback"] = true },
        });

        await ecs.WaitDeploymentAsync(deployment, d => Scenario.Stage(d) == "BAKE_TIME", TimeSpan.FromSeconds(60), "BAKE_TIME");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var app = new Uri(scenario.ProductionUrl, "/app");
        JsonObject done;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (true)
        {
            for (var i = 0; i < 10; i++)
            {
                using var _ = await http.GetAsync(app);
            }

            var described = await ecs.CallAsync("DescribeServiceDeployments", new JsonObject { ["serviceDeploymentArns"] = new JsonArray(deployment) });
            done = described["serviceDeployments"]![0]!.AsObject();
            if (Scenario.IsFinished(done) || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        Assert.Equal("ROLLBACK_SUCCESSFUL", Scenario.Status(done));
        var target = done["targetServiceRevision"]!["arn"]!.GetValue<string>();
        var resolved = (await ecsCli.OkAsync("describe-service-revisions", "--service-revision-arns", target))["serviceRevisions"]![0]!["resolvedConfiguration"]!;
        Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/green/2", resolved["loadBalancers"]![0]!["targetGroupArn"]!.GetValue<string>());
        Assert.Equal([alarm], done["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains(alarm, done["rollback"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v1", await Scenario.GetAsync(scenario.ProductionUrl));

        var described2 = await cloudWatch.OkAsync("describe-alarms", "--alarm-names", alarm);
        var state = described2["MetricAlarms"]![0]!;
        Assert.Equal("HTTPCode_Target_5XX_Count", state["MetricName"]!.GetValue<string>());
        Assert.True(state["StateTransitionedTimestamp"] is not null);

        var data = await cloudWatch.OkAsync(
            "get-metric-data", "--start-time", started.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "--end-time", DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "--metric-data-queries",
            """[{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/ApplicationELB","MetricName":"HTTPCode_Target_5XX_Count","Dimensions":[{"Name":"TargetGroup","Value":"targetgroup/green/2"},{"Name":"LoadBalancer","Value":"app/local/prod"}]},"Period":60,"Stat":"Sum"}},"""
            + """{"Id":"requests","MetricStat":{"Metric":{"Namespace":"AWS/ApplicationELB","MetricName":"RequestCount","Dimensions":[{"Name":"LoadBalancer","Value":"app/local/prod"}]},"Period":60,"Stat":"Sum"}}]""");
        double Total(string id) => data["MetricDataResults"]!.AsArray().Single(r => r!["Id"]!.GetValue<string>() == id)!["Values"]!.AsArray().Sum(v => v!.GetValue<double>());
        Assert.True(Total("errors") > 2, data.ToJsonString());
        Assert.True(Total("requests") >= Total("errors"), data.ToJsonString());
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task An_alarm_set_to_OK_with_the_aws_cli_holds_until_its_next_period_then_its_evaluation_moves_it_back()
    {
        var cloudWatch = new AwsCli(ecs.Endpoint, "us-east-1", LocalEcsFixture.AccessKey, ecs.SecretKey) { Service = "cloudwatch", MaxAttempts = 1 };
        var alarm = $"set-state-{Guid.NewGuid():N}";
        await cloudWatch.OkAsync(
            "put-metric-alarm", "--alarm-name", alarm, "--namespace", "Test/Bake", "--metric-name", "NoData", "--statistic", "Sum",
            "--period", "300", "--evaluation-periods", "1", "--threshold", "0", "--comparison-operator", "GreaterThanThreshold",
            "--treat-missing-data", "breaching");
        await WaitStateAsync(cloudWatch, alarm, "ALARM");

        var set = DateTimeOffset.UtcNow;
        await cloudWatch.OkAsync("set-alarm-state", "--alarm-name", alarm, "--state-value", "OK", "--state-reason", "a new deployment starts");
        var held = (await cloudWatch.OkAsync("describe-alarms", "--alarm-names", alarm))["MetricAlarms"]![0]!;
        var back = await WaitStateAsync(cloudWatch, alarm, "ALARM");

        Assert.Equal(("OK", "a new deployment starts"), (held["StateValue"]!.GetValue<string>(), held["StateReason"]!.GetValue<string>()));
        var transitioned = DateTimeOffset.FromUnixTimeMilliseconds((long)(back["StateTransitionedTimestamp"]!.GetValue<double>() * 1000)); // the CLI prints epoch seconds here
        Assert.True(transitioned >= set.AddSeconds(-1), back.ToJsonString());
        Assert.StartsWith("Threshold Crossed", back["StateReason"]!.GetValue<string>(), StringComparison.Ordinal);
        var deleted = await cloudWatch.RunAsync("delete-alarms", "--alarm-names", alarm, $"{alarm}-unknown");
        Assert.Contains("ResourceNotFound", deleted.Error, StringComparison.Ordinal); // and, as CloudWatch documents, the alarm that exists is deleted anyway
        Assert.Empty((await cloudWatch.OkAsync("describe-alarms", "--alarm-names", alarm))["MetricAlarms"]!.AsArray());
    }

    /// <summary>The target groups the service's live revision resolved to (describe-services, then describe-service-revisions).</summary>
    private static async Task<List<string>> ResolvedTargetGroupsAsync(AwsCli ecsCli, Scenario scenario)
    {
        var service = (await ecsCli.OkAsync("describe-services", "--cluster", scenario.Cluster, "--services", scenario.Service))["services"]![0]!;
        var revision = service["currentServiceRevisions"]![0]!["arn"]!.GetValue<string>();
        var described = (await ecsCli.OkAsync("describe-service-revisions", "--service-revision-arns", revision))["serviceRevisions"]![0]!;
        return [.. described["resolvedConfiguration"]!["loadBalancers"]!.AsArray().Select(lb => lb!["targetGroupArn"]!.GetValue<string>())];
    }

    /// <summary>Describes the alarm until it is in <paramref name="state"/> (the local CloudWatch evaluates every 200 ms; a 300 s period is 5 s here).</summary>
    private static async Task<JsonNode> WaitStateAsync(AwsCli cloudWatch, string alarm, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var described = (await cloudWatch.OkAsync("describe-alarms", "--alarm-names", alarm))["MetricAlarms"]![0]!;
            if (described["StateValue"]!.GetValue<string>() == state)
            {
                return described;
            }

            Assert.True(DateTime.UtcNow < deadline, $"alarm {alarm} is not in {state} after 20 s: {described.ToJsonString()}");
        }
    }
}
