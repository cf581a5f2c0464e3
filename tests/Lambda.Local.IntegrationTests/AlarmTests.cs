using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// CloudWatch alarms on the metrics of real invocations, as a deploy watches a canary: the error rate of a version that
/// fails (metric math over Errors and Invocations per ExecutedVersion) and the p99 Duration of a version that slows
/// down trip their alarms (OK -> ALARM) while the healthy version's alarms stay OK. A CloudWatch minute lasts a second.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class AlarmTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_failing_version_trips_its_error_rate_alarm_and_a_slow_one_its_p99_alarm()
    {
        var name = lambda.Name("alarms");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1, timeout: 6);
        await lambda.PublishAsync(name, "v1 healthy");
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RUNTIME_FAIL_PERCENT"] = "50" });
        await lambda.PublishAsync(name, "v2 failing");
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RUNTIME_LATENCY_MS"] = "1500" });
        await lambda.PublishAsync(name, "v3 slow");
        await cli.OkAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        foreach (var version in new[] { "1", "2", "3" })
        {
            await PutErrorRateAlarmAsync($"{name}-errors-v{version}", name, version);
            await PutP99AlarmAsync($"{name}-p99-v{version}", name, version);
        }

        await WaitStateAsync($"{name}-errors-v1", "OK");

        // half of the alias's traffic on version 2, which fails half of its invocations
        await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--routing-config", """{"AdditionalVersionWeights":{"2":0.5}}""");
        var canary = await lambda.InvokeManyAsync(name, "live", 300);
        Assert.True(canary.FunctionErrors.GetValueOrDefault("2") > 0, "version 2 should fail some invocations");
        Assert.Equal(0, canary.FunctionErrors.GetValueOrDefault("1"));
        var alarm = await WaitStateAsync($"{name}-errors-v2", "ALARM");
        Assert.StartsWith("Threshold Crossed", alarm["StateReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("OK", await StateAsync($"{name}-errors-v1"));

        // then version 3, which takes 1.5 s per invocation
        await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--routing-config", """{"AdditionalVersionWeights":{"3":0.5}}""");
        var slow = await lambda.InvokeManyAsync(name, "live", 60);
        Assert.True(slow.Of("3") > 0, "version 3 should get invocations");
        await WaitStateAsync($"{name}-p99-v3", "ALARM");
        Assert.Equal("OK", await StateAsync($"{name}-p99-v1"));

        var p99 = await cli.OkAsync(
            "cloudwatch", "get-metric-data", "--metric-data-queries", new JsonArray(Query("d", "Duration", name, "3", "p99", 86400)).ToJsonString(),
            "--start-time", Epoch(DateTimeOffset.UtcNow.AddHours(-1)), "--end-time", Epoch(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Contains(p99["MetricDataResults"]![0]!["Values"]!.AsArray(), v => v!.GetValue<double>() >= 1500);

        var alarming = await cli.OkAsync("cloudwatch", "describe-alarms", "--alarm-name-prefix", name, "--state-value", "ALARM");
        Assert.Contains($"{name}-p99-v3", alarming["MetricAlarms"]!.AsArray().Select(a => a!["AlarmName"]!.GetValue<string>()));
        Assert.DoesNotContain($"{name}-errors-v1", alarming["MetricAlarms"]!.AsArray().Select(a => a!["AlarmName"]!.GetValue<string>()));

        var names = new[] { "1", "2", "3" }.SelectMany(v => new[] { $"{name}-errors-v{v}", $"{name}-p99-v{v}" }).ToArray();
        await cli.OkAsync(["cloudwatch", "delete-alarms", "--alarm-names", .. names]);
        Assert.Empty((await cli.OkAsync("cloudwatch", "describe-alarms", "--alarm-name-prefix", name))["MetricAlarms"]!.AsArray());
        var missing = await cli.RunAsync("cloudwatch", "delete-alarms", "--alarm-names", $"{name}-errors-v1");
        Assert.Contains("ResourceNotFound", missing.Error, StringComparison.Ordinal);
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Alarms_that_CloudWatch_refuses_are_refused_and_set_alarm_state_forces_a_state()
    {
        var cli = lambda.Cli;
        var name = lambda.Name("bad-alarm");
        var both = await cli.RunAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", "AWS/Lambda", "--metric-name", "Errors", "--statistic", "Sum",
            "--extended-statistic", "p99", "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold");
        Assert.Contains("InvalidParameterCombination", both.Error, StringComparison.Ordinal);
        var period = await cli.RunAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", "AWS/Lambda", "--metric-name", "Errors", "--statistic", "Sum",
            "--period", "45", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator", "GreaterThanThreshold");
        Assert.Contains("InvalidParameterValue", period.Error, StringComparison.Ordinal);

        await cli.OkAsync(
            "cloudwatch", "put-metric-alarm", "--alarm-name", name, "--namespace", "AWS/Lambda", "--metric-name", "Errors", "--statistic", "Sum",
            "--dimensions", "Name=FunctionName,Value=nobody", "--period", "3600", "--evaluation-periods", "1", "--threshold", "1",
            "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching");
        await WaitStateAsync(name, "OK");
        await cli.OkAsync("cloudwatch", "set-alarm-state", "--alarm-name", name, "--state-value", "ALARM", "--state-reason", "forced by a test");
        var forced = (await cli.OkAsync("cloudwatch", "describe-alarms", "--alarm-names", name))["MetricAlarms"]![0]!;
        Assert.Equal(("ALARM", "forced by a test"), (forced["StateValue"]!.GetValue<string>(), forced["StateReason"]!.GetValue<string>()));
        await cli.OkAsync("cloudwatch", "delete-alarms", "--alarm-names", name);
        lambda.AssertExchangesConform();
    }

    private Task PutErrorRateAlarmAsync(string alarm, string function, string version) => lambda.Cli.OkAsync(
        "cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--alarm-description", $"error rate of {function} version {version} above 5 %",
        "--metrics", new JsonArray(
            Query("errors", "Errors", function, version, "Sum", 300, returnData: false),
            Query("invocations", "Invocations", function, version, "Sum", 300, returnData: false),
            new JsonObject { ["Id"] = "rate", ["Expression"] = "100 * errors / invocations", ["Label"] = "error rate", ["ReturnData"] = true }).ToJsonString(),
        "--evaluation-periods", "2", "--datapoints-to-alarm", "1", "--threshold", "5", "--comparison-operator", "GreaterThanThreshold",
        "--treat-missing-data", "notBreaching");

    private Task PutP99AlarmAsync(string alarm, string function, string version) => lambda.Cli.OkAsync(
        "cloudwatch", "put-metric-alarm", "--alarm-name", alarm, "--namespace", "AWS/Lambda", "--metric-name", "Duration",
        "--dimensions", $"Name=FunctionName,Value={function}", $"Name=Resource,Value={function}:live", $"Name=ExecutedVersion,Value={version}",
        "--extended-statistic", "p99", "--period", "300", "--evaluation-periods", "2", "--datapoints-to-alarm", "1", "--threshold", "1000",
        "--comparison-operator", "GreaterThanThreshold", "--treat-missing-data", "notBreaching", "--unit", "Milliseconds");

    private static JsonObject Query(string id, string metric, string function, string version, string stat, int period, bool returnData = true) => new()
    {
        ["Id"] = id,
        ["MetricStat"] = new JsonObject
        {
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = "AWS/Lambda",
                ["MetricName"] = metric,
                ["Dimensions"] = new JsonArray(
                    new JsonObject { ["Name"] = "FunctionName", ["Value"] = function },
                    new JsonObject { ["Name"] = "Resource", ["Value"] = $"{function}:live" },
                    new JsonObject { ["Name"] = "ExecutedVersion", ["Value"] = version }),
            },
            ["Period"] = period,
            ["Stat"] = stat,
        },
        ["ReturnData"] = returnData,
    };

    private async Task<string> StateAsync(string alarm) =>
        (await lambda.Cli.OkAsync("cloudwatch", "describe-alarms", "--alarm-names", alarm))["MetricAlarms"]![0]!["StateValue"]!.GetValue<string>();

    /// <summary>Polls DescribeAlarms with the CLI until the alarm is in <paramref name="state"/>; returns it.</summary>
    private async Task<JsonNode> WaitStateAsync(string alarm, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await lambda.Cli.OkAsync("cloudwatch", "describe-alarms", "--alarm-names", alarm))["MetricAlarms"]![0]!;
            if (last["StateValue"]!.GetValue<string>() == state)
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"alarm {alarm} did not reach {state} within 90 s; last: {last?.ToJsonString()}");
        return null!;
    }

    private static string Epoch(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
