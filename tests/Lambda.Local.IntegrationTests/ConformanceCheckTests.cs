using System.Text.Json;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Lambda.Local.IntegrationTests.Conformance;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>The exchange check itself: it must catch what the official models forbid, or its silence proves nothing.</summary>
public sealed class ConformanceCheckTests
{
    [Fact]
    public void Valid_lambda_and_cloudwatch_exchanges_pass()
    {
        Assert.Empty(Check("""
            {"operation":"UpdateAlias","status":200,
             "request":{"method":"PUT","path":"/2015-03-31/functions/api/aliases/live","query":{},"headers":{},
                        "body":{"FunctionVersion":"2","RoutingConfig":{"AdditionalVersionWeights":{"3":0.1}},"RevisionId":"r"}},
             "response":{"headers":{},"body":{"AliasArn":"arn:x","Name":"live","FunctionVersion":"2","RevisionId":"s"}}}
            """));
        Assert.Empty(Check("""
            {"operation":"Invoke","status":200,
             "request":{"method":"POST","path":"/2015-03-31/functions/api/invocations","query":{"Qualifier":"live"},"headers":{"X-Amz-Invocation-Type":"RequestResponse"},"body":"{}"},
             "response":{"headers":{"X-Amz-Executed-Version":"3","X-Amz-Function-Error":"Unhandled"},"body":"{\"errorType\":\"Error\"}"}}
            """));
        Assert.Empty(Check("""
            {"operation":"UpdateFunctionCode","status":409,"request":{"method":"PUT","path":"/2015-03-31/functions/api/code","query":{},"headers":{},"body":{}},
             "response":{"headers":{"x-amzn-ErrorType":"ResourceConflictException"},"body":{"Type":"User","message":"An update is in progress"}}}
            """));
        Assert.Empty(Check("""{"operation":"DescribeAlarms","status":200,"request":{"AlarmNames":["a"]},"response":{"MetricAlarms":[{"AlarmName":"a","StateValue":"OK","Threshold":5}]}}"""));
    }

    [Theory]
    [InlineData("""{"operation":"CreateAlias","status":201,"request":{"method":"POST","path":"/2015-03-31/functions/api/aliases","query":{},"headers":{},"body":{"Name":"live"}},"response":{"headers":{},"body":{}}}""", "required member 'FunctionVersion'")]
    [InlineData("""{"operation":"CreateAlias","status":200,"request":{"method":"POST","path":"/2015-03-31/functions/api/aliases","query":{},"headers":{},"body":{"Name":"live","FunctionVersion":"1"}},"response":{"headers":{},"body":{}}}""", "status 200, the model says 201")]
    [InlineData("""{"operation":"GetAlias","status":200,"request":{"method":"GET","path":"/2015-03-31/functions/api/aliases/live","query":{"Qualifier":"1"},"headers":{},"body":null},"response":{"headers":{},"body":{}}}""", "query parameter Qualifier")]
    [InlineData("""{"operation":"GetAlias","status":200,"request":{"method":"GET","path":"/2015-03-31/functions/api/aliases/live","query":{},"headers":{},"body":null},"response":{"headers":{},"body":{"RoutingConfig":{"AdditionalVersionWeights":{"2":"0.5"}}}}}""", "does not fit double")]
    [InlineData("""{"operation":"GetFunctionConfiguration","status":200,"request":{"method":"GET","path":"/2015-03-31/functions/api/configuration","query":{},"headers":{},"body":null},"response":{"headers":{},"body":{"State":"Ready"}}}""", "not in enum")]
    [InlineData("""{"operation":"GetFunctionConfiguration","status":200,"request":{"method":"GET","path":"/2015-03-31/functions/api/configuration","query":{},"headers":{},"body":null},"response":{"headers":{},"body":{"functionName":"api"}}}""", "not a member")]
    [InlineData("""{"operation":"ListAliases","status":200,"request":{"method":"GET","path":"/2015-03-31/functions/api/aliases","query":{"MaxItems":"ten"},"headers":{},"body":null},"response":{"headers":{},"body":{}}}""", "is not a integer")]
    [InlineData("""{"operation":"PublishVersion","status":404,"request":{"method":"POST","path":"/2015-03-31/functions/api/versions","query":{},"headers":{},"body":{}},"response":{"headers":{"x-amzn-ErrorType":"AliasNotFoundException"},"body":{"Type":"User","message":"x"}}}""", "does not list")]
    [InlineData("""{"operation":"PublishVersion","status":400,"request":{"method":"POST","path":"/2015-03-31/functions/api/versions","query":{},"headers":{},"body":{}},"response":{"headers":{"x-amzn-ErrorType":"ResourceConflictException"},"body":{"Type":"User","message":"x"}}}""", "the model says 409")]
    [InlineData("""{"operation":"Invoke","status":200,"request":{"method":"POST","path":"/2015-03-31/functions/api/invoke","query":{},"headers":{},"body":"{}"},"response":{"headers":{},"body":"{}"}}""", "does not match")]
    [InlineData("""{"operation":"PutMetricAlarm","status":200,"request":{"AlarmName":"a","ComparisonOperator":"Above"},"response":{}}""", "not in enum")]
    [InlineData("""{"operation":"GetMetricData","status":200,"request":{"MetricDataQueries":[],"StartTime":1,"EndTime":2},"response":{"MetricDataResults":[{"Values":["1"]}]}}""", "does not fit double")]
    [InlineData("""{"operation":"DeleteAlarms","status":404,"request":{"AlarmNames":["a"]},"response":{"__type":"ResourceNotFound","message":"x","extra":1}}""", "__type, message")]
    public void A_bad_exchange_fails(string exchange, string expected)
    {
        var problems = Check(exchange);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Check(string exchange)
    {
        using var document = JsonDocument.Parse(exchange);
        return ExchangeConformance.CheckOne(document.RootElement);
    }
}
