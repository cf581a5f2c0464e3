using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Pipeline.Aws.CloudWatch;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;
using Metric = Pipeline.Aws.CloudWatch.Metric;

namespace Pipeline.Aws.Tests;

/// <summary>The CloudWatch operations a deploy's bake uses, against moto over real HTTP with SigV4 and JSON 1.0.</summary>
[Collection(MotoCollection.Name)]
public sealed class CloudWatchMotoTests(MotoServer moto)
{
    private static readonly JsonTypeInfo<JsonObject> Raw = (JsonTypeInfo<JsonObject>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));

    [FactRequiring(Requirement.Moto)]
    public async Task An_alarm_is_put_described_in_the_state_it_is_set_to_and_deleted()
    {
        using var cloudWatch = new CloudWatchClient(Options());
        var name = MotoServer.UniqueName("api-5xx");
        await cloudWatch.PutMetricAlarmAsync(
            new PutMetricAlarmRequest
            {
                AlarmName = name,
                Namespace = "AWS/Lambda",
                MetricName = "Errors",
                Statistic = CloudWatchValues.Statistic.Sum,
                Period = 60,
                EvaluationPeriods = 1,
                Threshold = 1,
                ComparisonOperator = CloudWatchValues.ComparisonOperator.GreaterThanThreshold,
                Dimensions = [Dimension.Of("FunctionName", "api"), Dimension.Of("ExecutedVersion", "8")],
                TreatMissingData = CloudWatchValues.TreatMissingData.NotBreaching,
            },
            CancellationToken.None);
        await cloudWatch.SetAlarmStateAsync(new SetAlarmStateRequest { AlarmName = name, StateValue = CloudWatchValues.StateValue.Alarm, StateReason = "test" }, CancellationToken.None);

        var described = Assert.Single((await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [name] }, CancellationToken.None)).MetricAlarms);
        await cloudWatch.DeleteAlarmsAsync(new DeleteAlarmsRequest { AlarmNames = [name] }, CancellationToken.None);
        var after = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = [name] }, CancellationToken.None);

        Assert.Equal((CloudWatchValues.StateValue.Alarm, "test"), (described.StateValue, described.StateReason));
        Assert.Equal(["FunctionName=api", "ExecutedVersion=8"], described.Dimensions!.Select(d => $"{d.Name}={d.Value}"));
        Assert.NotNull(described.StateUpdatedTimestamp);
        Assert.Empty(after.MetricAlarms);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task Metric_data_comes_back_per_query()
    {
        using var cloudWatch = new CloudWatchClient(Options());
        var function = MotoServer.UniqueName("fn");
        var now = DateTimeOffset.UtcNow;
        await cloudWatch.Client.SendAsync(
            "PutMetricData",
            new JsonObject
            {
                ["Namespace"] = "AWS/Lambda",
                ["MetricData"] = new JsonArray(new JsonObject
                {
                    ["MetricName"] = "Errors",
                    ["Value"] = 3,
                    ["Timestamp"] = now.AddMinutes(-2).ToUnixTimeSeconds(),
                    ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "FunctionName", ["Value"] = function }),
                }),
            },
            Raw,
            Raw,
            CancellationToken.None);

        var data = await cloudWatch.GetMetricDataAsync(
            new GetMetricDataRequest
            {
                StartTime = now.AddMinutes(-10),
                EndTime = now.AddMinutes(1),
                MetricDataQueries =
                [
                    new MetricDataQuery
                    {
                        Id = "errors",
                        MetricStat = new MetricStat { Metric = new Metric { Namespace = "AWS/Lambda", MetricName = "Errors", Dimensions = [Dimension.Of("FunctionName", function)] }, Period = 60, Stat = "Sum" },
                    },
                ],
            },
            CancellationToken.None);

        var result = Assert.Single(data.MetricDataResults);
        Assert.Equal("errors", result.Id);
        Assert.Equal([3.0], result.Values);
    }

    private AwsClientOptions Options() => new()
    {
        Region = "us-east-1",
        ServiceUrl = moto.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 0,
    };
}
