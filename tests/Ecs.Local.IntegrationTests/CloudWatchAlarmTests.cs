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
/// into ALARM — and GetMetricData answers the requests it counted.
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
}
