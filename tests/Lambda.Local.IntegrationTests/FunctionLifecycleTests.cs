using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// A function from a locally built image through its life, driven by the aws CLI: Pending (refusing changes and
/// invocations) then Active, invoked in a
/// container that speaks the Runtime API, its code updated (InProgress, then Successful), versions published —
/// the same version again when nothing changed — and deleted with its containers.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class FunctionLifecycleTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_function_is_created_pending_becomes_active_and_answers_from_its_container()
    {
        var name = lambda.Name("hello");
        var cli = lambda.Cli;
        var created = await cli.OkAsync(
            "lambda", "create-function", "--function-name", name, "--package-type", "Image", "--code", $"ImageUri={lambda.ImageV1}",
            "--role", LocalLambdaFixture.Role, "--environment", """{"Variables":{"RESPONSE_BODY":"hello"}}""", "--memory-size", "256");
        Assert.Equal("Pending", created["State"]!.GetValue<string>());
        Assert.Equal("Creating", created["StateReasonCode"]!.GetValue<string>());
        Assert.Equal("$LATEST", created["Version"]!.GetValue<string>());
        var digest = created["CodeSha256"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{64}$", digest);

        await cli.OkAsync("lambda", "wait", "function-active-v2", "--function-name", name);
        var function = await cli.OkAsync("lambda", "get-function", "--function-name", name);
        Assert.Equal("Active", function["Configuration"]!["State"]!.GetValue<string>());
        Assert.Equal("Successful", function["Configuration"]!["LastUpdateStatus"]!.GetValue<string>());
        Assert.Equal(256, function["Configuration"]!["MemorySize"]!.GetValue<int>());
        Assert.Equal(lambda.ImageV1, function["Code"]!["ImageUri"]!.GetValue<string>());
        Assert.EndsWith("@sha256:" + digest, function["Code"]!["ResolvedImageUri"]!.GetValue<string>(), StringComparison.Ordinal);

        var (result, payload) = await InvokeAsync(name, null);
        Assert.Equal("$LATEST", result["ExecutedVersion"]!.GetValue<string>());
        Assert.Null(result["FunctionError"]);
        var body = JsonNode.Parse(payload["body"]!.GetValue<string>())!;
        Assert.Equal("hello", body["message"]!.GetValue<string>());
        Assert.Equal("1", body["appVersion"]!.GetValue<string>());
        Assert.Single(await FunctionImages.RunningAsync($"pipeline.lambda-local.function={name}"));

        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        var gone = await cli.RunAsync("lambda", "get-function", "--function-name", name);
        Assert.Contains("ResourceNotFoundException", gone.Error, StringComparison.Ordinal);
        Assert.Empty(await FunctionImages.RunningAsync($"pipeline.lambda-local.function={name}"));
        lambda.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task New_code_runs_once_the_update_is_successful_and_publishing_twice_gives_the_same_version()
    {
        var name = lambda.Name("publish");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1);
        var v1 = await cli.OkAsync("lambda", "publish-version", "--function-name", name, "--description", "v1 abc123");
        Assert.Equal("1", v1["Version"]!.GetValue<string>());
        Assert.Equal("v1 abc123", v1["Description"]!.GetValue<string>());
        var again = await cli.OkAsync("lambda", "publish-version", "--function-name", name, "--description", "v1 again");
        Assert.Equal("1", again["Version"]!.GetValue<string>());
        Assert.Equal("v1 abc123", again["Description"]!.GetValue<string>());

        var update = await cli.OkAsync("lambda", "update-function-code", "--function-name", name, "--image-uri", lambda.ImageV2);
        Assert.Equal("InProgress", update["LastUpdateStatus"]!.GetValue<string>());
        await cli.OkAsync("lambda", "wait", "function-updated-v2", "--function-name", name);
        var latest = await cli.OkAsync("lambda", "get-function-configuration", "--function-name", name);
        Assert.Equal("Successful", latest["LastUpdateStatus"]!.GetValue<string>());
        Assert.NotEqual(v1["CodeSha256"]!.GetValue<string>(), latest["CodeSha256"]!.GetValue<string>());

        var wrongSha = await cli.RunAsync("lambda", "publish-version", "--function-name", name, "--code-sha-256", v1["CodeSha256"]!.GetValue<string>());
        Assert.Contains("InvalidParameterValueException", wrongSha.Error, StringComparison.Ordinal);
        var staleRevision = await cli.RunAsync("lambda", "publish-version", "--function-name", name, "--revision-id", update["RevisionId"]!.GetValue<string>());
        Assert.Contains("PreconditionFailedException", staleRevision.Error, StringComparison.Ordinal);

        var v2 = await cli.OkAsync(
            "lambda", "publish-version", "--function-name", name, "--description", "v2 def456",
            "--code-sha-256", latest["CodeSha256"]!.GetValue<string>(), "--revision-id", latest["RevisionId"]!.GetValue<string>());
        Assert.Equal("2", v2["Version"]!.GetValue<string>());
        Assert.Equal("1", await AppVersionAsync(name, "1"));
        Assert.Equal("2", await AppVersionAsync(name, "2"));
        Assert.Equal("2", await AppVersionAsync(name, null));

        var versions = (await cli.OkAsync("lambda", "list-versions-by-function", "--function-name", name))["Versions"]!.AsArray();
        Assert.Equal(["$LATEST", "1", "2"], versions.Select(v => v!["Version"]!.GetValue<string>()));
        Assert.Equal(["", "v1 abc123", "v2 def456"], versions.Select(v => v!["Description"]!.GetValue<string>()));

        // configuration changes make a version too; changing nothing does not
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RESPONSE_BODY"] = "three" });
        Assert.Equal("3", await lambda.PublishAsync(name, "v3"));
        Assert.Equal("3", await lambda.PublishAsync(name, "v3 again"));
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task An_update_while_the_last_one_is_in_progress_is_a_ResourceConflictException()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lambda-local-it-slow-{Guid.NewGuid():N}");
        await using var server = await LambdaLocalServer.StartAsync(lambda.Options(dir, lambda.ExchangeLog) with { UpdateDuration = TimeSpan.FromSeconds(15) });
        try
        {
            var cli = lambda.CliFor(server.Endpoint);
            var name = lambda.Name("conflict");
            var created = await cli.OkAsync(
                "lambda", "create-function", "--function-name", name, "--package-type", "Image", "--code", $"ImageUri={lambda.ImageV1}", "--role", LocalLambdaFixture.Role);
            var pending = await cli.RunAsync("lambda", "update-function-code", "--function-name", name, "--image-uri", lambda.ImageV2);
            Assert.Contains("ResourceConflictException", pending.Error, StringComparison.Ordinal);
            Assert.Contains("The function is currently in the following state: Pending", pending.Error, StringComparison.Ordinal);
            var early = await cli.RunAsync("lambda", "invoke", "--function-name", name, Path.GetTempFileName());
            Assert.Contains("ResourceConflictException", early.Error, StringComparison.Ordinal);
            Assert.Contains("Pending", early.Error, StringComparison.Ordinal);

            // updates last 15 s on this server: time for the CLI calls below to land while the update is InProgress
            await cli.OkAsync("lambda", "wait", "function-active-v2", "--function-name", name);
            var update = await cli.OkAsync("lambda", "update-function-code", "--function-name", name, "--image-uri", lambda.ImageV2);
            Assert.Equal("InProgress", update["LastUpdateStatus"]!.GetValue<string>());
            foreach (var args in new[]
            {
                new[] { "lambda", "update-function-code", "--function-name", name, "--image-uri", lambda.ImageV1 },
                ["lambda", "update-function-configuration", "--function-name", name, "--timeout", "5"],
                ["lambda", "publish-version", "--function-name", name],
            })
            {
                var conflict = await cli.RunAsync(args);
                Assert.NotEqual(0, conflict.ExitCode);
                Assert.Contains("ResourceConflictException", conflict.Error, StringComparison.Ordinal);
                Assert.Contains($"An update is in progress for resource: {created["FunctionArn"]!.GetValue<string>()}", conflict.Error, StringComparison.Ordinal);
            }

            var status = await cli.OkAsync("lambda", "get-function-configuration", "--function-name", name);
            Assert.Equal("InProgress", status["LastUpdateStatus"]!.GetValue<string>());
            Assert.Equal(update["CodeSha256"]!.GetValue<string>(), status["CodeSha256"]!.GetValue<string>());
        }
        finally
        {
            await server.DownAsync();
            Directory.Delete(dir, recursive: true);
        }

        lambda.AssertExchangesConform();
    }

    private async Task<(JsonNode Result, JsonNode Payload)> InvokeAsync(string name, string? qualifier)
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await lambda.Cli.OkAsync(["lambda", "invoke", "--function-name", name, .. qualifier is null ? [] : new[] { "--qualifier", qualifier }, file]);
            return (result, JsonNode.Parse(await File.ReadAllTextAsync(file))!);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<string> AppVersionAsync(string name, string? qualifier)
    {
        var (_, payload) = await InvokeAsync(name, qualifier);
        return JsonNode.Parse(payload["body"]!.GetValue<string>())!["appVersion"]!.GetValue<string>();
    }
}
