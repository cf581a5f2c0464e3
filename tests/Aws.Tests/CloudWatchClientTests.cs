using System.Text.Json.Nodes;
using Pipeline.Aws.CloudWatch;

namespace Pipeline.Aws.Tests;

/// <summary>The CloudWatch client over JSON 1.0 with the query-compatible trait: what it sends, how its errors read.</summary>
public sealed class CloudWatchClientTests
{
    [Fact]
    public async Task Sends_json_1_0_with_the_target_and_the_query_mode_header()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"MetricAlarms":[{"AlarmName":"api-5xx","StateValue":"ALARM","StateUpdatedTimestamp":1767225600.123}]}"""));
        using var cloudWatch = new CloudWatchClient(StubClients.Options(stub.Endpoint));

        var alarms = await cloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = ["api-5xx"] }, CancellationToken.None);

        var alarm = Assert.Single(alarms.MetricAlarms);
        Assert.Equal(CloudWatchValues.StateValue.Alarm, alarm.StateValue);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), alarm.StateUpdatedTimestamp);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("GraniteServiceVersion20100801.DescribeAlarms", request.Target);
        Assert.Equal("application/x-amz-json-1.0", request.ContentType);
        Assert.Equal("true", request.Header("x-amzn-query-mode"));
        Assert.Contains("/us-east-1/monitoring/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-amzn-query-mode, ", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_code_comes_from_the_query_error_header()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            404, """{"__type":"com.amazonaws.cloudwatch#ResourceNotFoundException","message":"Alarm api-5xx not found"}""", [("x-amzn-query-error", "ResourceNotFound;Sender")]));
        using var cloudWatch = new CloudWatchClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => cloudWatch.DeleteAlarmsAsync(new DeleteAlarmsRequest { AlarmNames = ["api-5xx"] }, CancellationToken.None));

        Assert.Equal("ResourceNotFound", error.ErrorCode);
        Assert.Equal("CloudWatch DeleteAlarms failed: ResourceNotFound: Alarm api-5xx not found", error.Message);
    }

    [Fact]
    public async Task Access_denied_names_the_cloudwatch_iam_action()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            403, """{"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: arn:aws:sts::1:assumed-role/deploy/ci is not authorized to perform: cloudwatch:PutMetricAlarm"}""",
            [("x-amzn-query-error", "AccessDenied;Sender")]));
        using var cloudWatch = new CloudWatchClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            cloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest { AlarmName = "api-5xx", EvaluationPeriods = 1, ComparisonOperator = CloudWatchValues.ComparisonOperator.GreaterThanThreshold }, CancellationToken.None));

        Assert.EndsWith("(allow cloudwatch:PutMetricAlarm in the IAM policy of role deploy)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricData_reads_timestamps_and_values_of_each_query()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            200, """{"MetricDataResults":[{"Id":"errorRate","Label":"error rate","Timestamps":[1767225660,1767225600],"Values":[0.07,0.01],"StatusCode":"Complete"}],"Messages":[]}"""));
        using var cloudWatch = new CloudWatchClient(StubClients.Options(stub.Endpoint));
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1767225000500);

        var data = await cloudWatch.GetMetricDataAsync(
            new GetMetricDataRequest
            {
                StartTime = start,
                EndTime = start.AddMinutes(15),
                MetricDataQueries =
                [
                    new MetricDataQuery { Id = "errors", ReturnData = false, MetricStat = new MetricStat { Metric = new Metric { Namespace = "AWS/Lambda", MetricName = "Errors", Dimensions = [Dimension.Of("FunctionName", "api"), Dimension.Of("Resource", "api:live"), Dimension.Of("ExecutedVersion", "8")] }, Period = 60, Stat = "Sum" } },
                    new MetricDataQuery { Id = "errorRate", Expression = "errors / invocations" },
                ],
            },
            CancellationToken.None);

        var result = Assert.Single(data.MetricDataResults);
        Assert.Equal([0.07, 0.01], result.Values);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225660), result.Timestamps[0]);
        var body = JsonNode.Parse(Assert.Single(stub.Requests).Body)!;
        Assert.Equal(1767225000, (long)body["StartTime"]!);
        Assert.Equal(1767225900, (long)body["EndTime"]!);
    }
}
