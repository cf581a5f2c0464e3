using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// A weighted alias, the way a canary shifts traffic: invocations split between two versions by the alias's weight
/// (each answer names the version that ran), the metrics per ExecutedVersion count the same, an explicit empty map
/// clears the weights, and Lambda's routing rules are enforced.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class AliasRoutingTests(LocalLambdaFixture lambda, ITestOutputHelper log)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Invocations_through_a_weighted_alias_split_near_the_weight_and_an_empty_map_clears_it()
    {
        var name = lambda.Name("canary");
        var cli = lambda.Cli;
        await TwoVersionsAsync(name);
        var alias = await cli.OkAsync(
            "lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1",
            "--routing-config", """{"AdditionalVersionWeights":{"2":0.2}}""");
        Assert.Equal(0.2, alias["RoutingConfig"]!["AdditionalVersionWeights"]!["2"]!.GetValue<double>());
        var started = DateTimeOffset.UtcNow;

        var split = await lambda.InvokeManyAsync(name, "live", 300);
        Assert.Equal(300, split.Of("1") + split.Of("2"));
        Assert.Empty(split.FunctionErrors);
        var share = split.Of("2") / 300.0;
        log.WriteLine($"300 invocations of the alias weighted 20 % to version 2: version 1 ran {split.Of("1")}, version 2 ran {split.Of("2")} ({share:P1})");
        Assert.True(share is > 0.11 and < 0.29, $"version 2 ran {split.Of("2")} of 300 invocations ({share:P0}); the alias gives it 20 %");

        // CloudWatch counts what ran, per ExecutedVersion of the alias
        var counted = await InvocationsAsync(name, "live", started);
        Assert.Equal(split.Of("1"), counted.GetValueOrDefault("1"));
        Assert.Equal(split.Of("2"), counted.GetValueOrDefault("2"));

        // RoutingConfig absent keeps the weights; an explicit empty map clears them
        var kept = await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--description", "canary at 20 %");
        Assert.Equal(0.2, kept["RoutingConfig"]!["AdditionalVersionWeights"]!["2"]!.GetValue<double>());
        var cleared = await cli.OkAsync(
            "lambda", "update-alias", "--function-name", name, "--name", "live", "--routing-config", """{"AdditionalVersionWeights":{}}""",
            "--revision-id", kept["RevisionId"]!.GetValue<string>());
        Assert.Null(cleared["RoutingConfig"]);
        Assert.Null((await cli.OkAsync("lambda", "get-alias", "--function-name", name, "--name", "live"))["RoutingConfig"]);
        var after = await lambda.InvokeManyAsync(name, "live", 40);
        Assert.Equal(40, after.Of("1"));

        // all at once to version 2
        await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", "2");
        Assert.Equal(20, (await lambda.InvokeManyAsync(name, "live", 20)).Of("2"));
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Routing_that_Lambda_refuses_is_refused_with_its_error()
    {
        var name = lambda.Name("rules");
        var cli = lambda.Cli;
        await TwoVersionsAsync(name);
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RESPONSE_BODY"] = "three" });
        Assert.Equal("3", await lambda.PublishAsync(name, "v3"));
        var alias = await cli.OkAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");

        foreach (var (version, routing, error) in new[]
        {
            ("1", """{"AdditionalVersionWeights":{"2":0.1,"3":0.1}}""", "InvalidParameterValueException"),
            ("1", """{"AdditionalVersionWeights":{"$LATEST":0.1}}""", "InvalidParameterValueException"),
            ("$LATEST", """{"AdditionalVersionWeights":{"2":0.1}}""", "InvalidParameterValueException"),
            ("1", """{"AdditionalVersionWeights":{"blue":0.1}}""", "InvalidParameterValueException"),
            ("1", """{"AdditionalVersionWeights":{"2":1.5}}""", "InvalidParameterValueException"),
            ("1", """{"AdditionalVersionWeights":{"1":0.5}}""", "InvalidParameterValueException"),
            ("1", """{"AdditionalVersionWeights":{"9":0.5}}""", "ResourceNotFoundException"),
        })
        {
            var refused = await cli.RunAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", version, "--routing-config", routing);
            Assert.True(refused.ExitCode != 0 && refused.Error.Contains(error, StringComparison.Ordinal), $"{version} + {routing}: expected {error}, got: {refused.Error}");
        }

        var stale = await cli.RunAsync(
            "lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", "2", "--revision-id", "00000000-0000-0000-0000-000000000000");
        Assert.Contains("PreconditionFailedException", stale.Error, StringComparison.Ordinal);
        var exists = await cli.RunAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "2");
        Assert.Contains("ResourceConflictException", exists.Error, StringComparison.Ordinal);
        var unchanged = await cli.OkAsync("lambda", "get-alias", "--function-name", name, "--name", "live");
        Assert.Equal(alias["RevisionId"]!.GetValue<string>(), unchanged["RevisionId"]!.GetValue<string>());
        Assert.Equal("1", unchanged["FunctionVersion"]!.GetValue<string>());

        var aliases = await cli.OkAsync("lambda", "list-aliases", "--function-name", name, "--function-version", "1");
        Assert.Equal(["live"], aliases["Aliases"]!.AsArray().Select(a => a!["Name"]!.GetValue<string>()));
        var referenced = await cli.RunAsync("lambda", "delete-function", "--function-name", name, "--qualifier", "1");
        Assert.Contains("ResourceConflictException", referenced.Error, StringComparison.Ordinal);
        await cli.OkAsync("lambda", "delete-alias", "--function-name", name, "--name", "live");
        await cli.OkAsync("lambda", "delete-function", "--function-name", name, "--qualifier", "1");
        var versions = (await cli.OkAsync("lambda", "list-versions-by-function", "--function-name", name))["Versions"]!.AsArray();
        Assert.Equal(["$LATEST", "2", "3"], versions.Select(v => v!["Version"]!.GetValue<string>()));
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    /// <summary>Version 1 from the first image, version 2 from the second.</summary>
    private async Task TwoVersionsAsync(string name)
    {
        await lambda.CreateFunctionAsync(name, lambda.ImageV1);
        Assert.Equal("1", await lambda.PublishAsync(name, "v1"));
        await lambda.Cli.OkAsync("lambda", "update-function-code", "--function-name", name, "--image-uri", lambda.ImageV2);
        await lambda.Cli.OkAsync("lambda", "wait", "function-updated-v2", "--function-name", name);
        Assert.Equal("2", await lambda.PublishAsync(name, "v2"));
    }

    /// <summary>The Invocations sum per ExecutedVersion of an alias since <paramref name="since"/>, read with the CLI's GetMetricData.</summary>
    private async Task<Dictionary<string, int>> InvocationsAsync(string name, string alias, DateTimeOffset since)
    {
        var queries = new JsonArray([.. new[] { "1", "2" }.Select(v => (JsonNode?)new JsonObject
        {
            ["Id"] = $"v{v}",
            ["MetricStat"] = new JsonObject
            {
                ["Metric"] = new JsonObject
                {
                    ["Namespace"] = "AWS/Lambda",
                    ["MetricName"] = "Invocations",
                    ["Dimensions"] = new JsonArray(
                        new JsonObject { ["Name"] = "FunctionName", ["Value"] = name },
                        new JsonObject { ["Name"] = "Resource", ["Value"] = $"{name}:{alias}" },
                        new JsonObject { ["Name"] = "ExecutedVersion", ["Value"] = v }),
                },
                ["Period"] = 86400,
                ["Stat"] = "Sum",
            },
        })]);
        var data = await lambda.Cli.OkAsync(
            "cloudwatch", "get-metric-data", "--metric-data-queries", queries.ToJsonString(),
            "--start-time", since.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "--end-time", DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return data["MetricDataResults"]!.AsArray().ToDictionary(
            r => r!["Id"]!.GetValue<string>()[1..],
            r => (int)r!["Values"]!.AsArray().Sum(v => v!.GetValue<double>()));
    }
}
