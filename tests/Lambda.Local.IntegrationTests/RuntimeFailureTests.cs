using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// What Lambda answers when the function misbehaves: a handler error, a timeout (the environment is replaced), a runtime
/// that exits, a handler that cannot be loaded (init error) — each an Unhandled function error with its errorType.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class RuntimeFailureTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Errors_timeouts_crashes_and_init_errors_are_unhandled_function_errors()
    {
        var name = lambda.Name("failures");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1, new Dictionary<string, string> { ["RUNTIME_FAIL_PERCENT"] = "100" }, timeout: 1);
        var (failed, error) = await InvokeAsync(name);
        Assert.Equal("Unhandled", failed["FunctionError"]!.GetValue<string>());
        Assert.Equal("Error", error["errorType"]!.GetValue<string>());
        Assert.Contains("injected failure", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RUNTIME_LATENCY_MS"] = "3000" });
        var (timedOut, timeout) = await InvokeAsync(name);
        Assert.Equal("Unhandled", timedOut["FunctionError"]!.GetValue<string>());
        Assert.Equal("Sandbox.Timedout", timeout["errorType"]!.GetValue<string>());
        Assert.Contains("Task timed out after 1.00 seconds", timeout["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RUNTIME_CRASH_PERCENT"] = "100" });
        var (crashed, exit) = await InvokeAsync(name);
        Assert.Equal("Unhandled", crashed["FunctionError"]!.GetValue<string>());
        Assert.Equal("Runtime.ExitError", exit["errorType"]!.GetValue<string>());
        Assert.Contains("exit status 3", exit["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        await cli.OkAsync("lambda", "update-function-configuration", "--function-name", name, "--environment", """{"Variables":{}}""", "--image-config", """{"Command":["missing.handler"]}""");
        await cli.OkAsync("lambda", "wait", "function-updated-v2", "--function-name", name);
        var (broken, init) = await InvokeAsync(name);
        Assert.Equal("Unhandled", broken["FunctionError"]!.GetValue<string>());
        Assert.Equal("Runtime.HandlerNotFound", init["errorType"]!.GetValue<string>());

        await cli.OkAsync("lambda", "update-function-configuration", "--function-name", name, "--image-config", "{}");
        await cli.OkAsync("lambda", "wait", "function-updated-v2", "--function-name", name);
        var (healthy, answer) = await InvokeAsync(name);
        Assert.Null(healthy["FunctionError"]);
        Assert.Equal(200, answer["statusCode"]!.GetValue<int>());

        var notJson = await cli.RunAsync("lambda", "invoke", "--function-name", name, "--payload", "not json", Path.GetTempFileName());
        Assert.Contains("InvalidRequestContentException", notJson.Error, StringComparison.Ordinal);
        var dryRun = await cli.OkAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "DryRun", Path.GetTempFileName());
        Assert.Equal(204, dryRun["StatusCode"]!.GetValue<int>());
        var queued = await cli.OkAsync("lambda", "invoke", "--function-name", name, "--invocation-type", "Event", Path.GetTempFileName());
        Assert.Equal(202, queued["StatusCode"]!.GetValue<int>());
        var unknown = await cli.RunAsync("lambda", "invoke", "--function-name", name, "--qualifier", "7", Path.GetTempFileName());
        Assert.Contains("ResourceNotFoundException", unknown.Error, StringComparison.Ordinal);
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    private async Task<(JsonNode Result, JsonNode Payload)> InvokeAsync(string name)
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await lambda.Cli.OkAsync("lambda", "invoke", "--function-name", name, file);
            return (result, JsonNode.Parse(await File.ReadAllTextAsync(file))!);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
