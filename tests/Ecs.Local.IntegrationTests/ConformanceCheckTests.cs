using System.Text.Json;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Ecs.Local.IntegrationTests.Conformance;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>The exchange check itself: it must catch what the official model forbids, or its silence proves nothing.</summary>
public sealed class ConformanceCheckTests
{
    [Fact]
    public void A_valid_exchange_passes()
    {
        Assert.Empty(Check("""
            {"operation":"ContinueServiceDeployment","status":200,
             "request":{"serviceDeploymentArn":"arn:x","hookId":"h","action":"ROLLBACK"},
             "response":{"serviceDeploymentArn":"arn:x"}}
            """));
    }

    [Theory]
    [InlineData("""{"operation":"ContinueServiceDeployment","status":200,"request":{"serviceDeploymentArn":"arn:x"},"response":{}}""", "required member 'hookId'")]
    [InlineData("""{"operation":"ContinueServiceDeployment","status":200,"request":{"serviceDeploymentArn":"arn:x","hookId":"h","action":"PROCEED"},"response":{}}""", "not in enum")]
    [InlineData("""{"operation":"DescribeServiceDeployments","status":200,"request":{"serviceDeploymentArns":["a"]},"response":{"serviceDeployments":[{"Status":"SUCCESSFUL"}]}}""", "not a member")]
    [InlineData("""{"operation":"DescribeServiceDeployments","status":200,"request":{"serviceDeploymentArns":["a"]},"response":{"serviceDeployments":[{"createdAt":"2026-11-29"}]}}""", "does not fit timestamp")]
    [InlineData("""{"operation":"DescribeServiceDeployments","status":200,"request":{"serviceDeploymentArns":["a"]},"response":{"serviceDeployments":[{"targetServiceRevision":{"runningTaskCount":1.5}}]}}""", "does not fit integer")]
    [InlineData("""{"operation":"DescribeClusters","status":400,"request":{},"response":{"code":"ClusterNotFoundException"}}""", "__type")]
    public void A_bad_shape_fails(string exchange, string expected)
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
