using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Ecs.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests;

/// <summary>Bad input gets AWS's error code and status in AWS's error shape, never a crash.</summary>
[Collection(LocalEcsCollection.Name)]
public sealed class BadInputTests(LocalEcsFixture ecs)
{
    [FactRequiring(Requirement.Docker)]
    public async Task Unknown_cluster_service_and_task_definition_get_AWS_errors()
    {
        var cluster = await ecs.FailAsync("DescribeServices", new JsonObject { ["cluster"] = "no-such-cluster", ["services"] = new JsonArray("web") });
        Assert.Equal(("ClusterNotFoundException", HttpStatusCode.BadRequest), (cluster.ErrorCode, cluster.StatusCode));

        var name = $"bad-{Guid.NewGuid().ToString("N")[..6]}";
        await ecs.CallAsync("CreateCluster", new JsonObject { ["clusterName"] = name });
        var service = await ecs.FailAsync("UpdateService", new JsonObject { ["cluster"] = name, ["service"] = "nope", ["desiredCount"] = 1 });
        Assert.Equal("ServiceNotFoundException", service.ErrorCode);

        var definition = await ecs.FailAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = "no-such-family:7" });
        Assert.Equal("ClientException", definition.ErrorCode);
        var run = await ecs.FailAsync("RunTask", new JsonObject { ["cluster"] = name, ["taskDefinition"] = "no-such-family" });
        Assert.Equal("ClientException", run.ErrorCode);

        var missing = await ecs.CallAsync("DescribeServiceDeployments", new JsonObject
        {
            ["serviceDeploymentArns"] = new JsonArray("arn:aws:ecs:us-east-1:000000000000:service-deployment/x/y/z"),
        });
        Assert.Equal("MISSING", missing["failures"]![0]!["reason"]!.GetValue<string>());
        var continueUnknown = await ecs.FailAsync("ContinueServiceDeployment", new JsonObject
        {
            ["serviceDeploymentArn"] = "arn:aws:ecs:us-east-1:000000000000:service-deployment/x/y/z",
            ["hookId"] = "h",
        });
        Assert.Equal("ServiceDeploymentNotFoundException", continueUnknown.ErrorCode);
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Malformed_json_and_wrong_types_get_SerializationException()
    {
        var (status, body) = await ecs.SendRawAsync("DescribeClusters", "{\"clusters\": [");
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body["__type"]!.GetValue<string>());
        (status, body) = await ecs.SendRawAsync("DescribeClusters", "{\"clusters\": \"web\"}");
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", body["__type"]!.GetValue<string>());
        (status, body) = await ecs.SendRawAsync("NoSuchOperation", "{}");
        Assert.Equal("UnknownOperationException", body["__type"]!.GetValue<string>());
        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Unsigned_wrongly_signed_and_unknown_key_requests_are_refused()
    {
        var (status, body) = await ecs.SendRawAsync("DescribeClusters", "{}", sign: false);
        Assert.Equal((403, "MissingAuthenticationTokenException"), (status, body["__type"]!.GetValue<string>()));
        (status, body) = await ecs.SendRawAsync("DescribeClusters", "{}", secret: "not-the-secret");
        Assert.Equal((403, "InvalidSignatureException"), (status, body["__type"]!.GetValue<string>()));
        (status, body) = await ecs.SendRawAsync("DescribeClusters", "{}");
        Assert.Equal(200, status);
        Assert.NotNull(body["clusters"]);

        var unknownKey = await new AwsCli(ecs.Endpoint, "us-east-1", "AKIDUNKNOWN", ecs.SecretKey) { Service = "ecs", MaxAttempts = 1 }.RunAsync("describe-clusters");
        Assert.Contains("UnrecognizedClientException", unknownKey.Error, StringComparison.Ordinal);

        ecs.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker)]
    public async Task Pause_hooks_where_AWS_refuses_them_and_lambda_hooks_are_refused()
    {
        var scenario = new Scenario(ecs, "bad-hooks");
        await scenario.StartAsync("v1", "v2");
        foreach (var stage in new[] { "TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT" })
        {
            var refused = await Assert.ThrowsAsync<Pipeline.Aws.AwsServiceException>(() => scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
            {
                ["strategy"] = "BLUE_GREEN",
                ["bakeTimeInMinutes"] = 0,
                ["lifecycleHooks"] = new JsonArray(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray(stage) }),
            }));
            Assert.Equal("InvalidParameterException", refused.ErrorCode);
            Assert.Contains(stage, refused.ErrorMessage, StringComparison.Ordinal);
        }

        var lambda = await Assert.ThrowsAsync<Pipeline.Aws.AwsServiceException>(() => scenario.UpdateAsync($"{scenario.Family}:2", new JsonObject
        {
            ["strategy"] = "BLUE_GREEN",
            ["bakeTimeInMinutes"] = 0,
            ["lifecycleHooks"] = new JsonArray(new JsonObject
            {
                ["targetType"] = "AWS_LAMBDA",
                ["hookTargetArn"] = "arn:aws:lambda:us-east-1:000000000000:function:check",
                ["roleArn"] = "arn:aws:iam::000000000000:role/hook",
                ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT"),
            }),
        }));
        Assert.Equal("UnsupportedFeatureException", lambda.ErrorCode);

        var history = await ecs.CallAsync("ListServiceDeployments", new JsonObject { ["cluster"] = scenario.Cluster, ["service"] = scenario.Service });
        Assert.Single(history["serviceDeployments"]!.AsArray());
        await scenario.DeleteAsync();
        ecs.AssertExchangesConform();
    }
}
