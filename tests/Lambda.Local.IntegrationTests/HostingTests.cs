using System.Net;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// A detached local Lambda: it keeps its functions, its function URL's port and its warm containers across a restart
/// (the runtime reconnects to its Runtime API), down removes them, and down finds them by label even with the state
/// directory gone.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class HostingTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_detached_local_Lambda_keeps_functions_urls_and_warm_containers_across_a_restart_and_down_removes_them()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lambda-local-life-{Guid.NewGuid():N}");
        var name = lambda.Name("life");
        var urlPort = LoopbackPorts.Free();
        var options = lambda.Options(dir, null) with
        {
            Port = LoopbackPorts.Free(),
            FunctionUrlPorts = new Dictionary<string, int> { [$"{name}:live"] = urlPort },
        };
        var url = new Uri($"http://127.0.0.1:{urlPort}/");
        var label = $"pipeline.lambda-local.function={name}";
        using var http = new HttpClient();
        try
        {
            var info = await LocalLambda.StartDetachedAsync(options);
            Assert.Equal($"http://127.0.0.1:{options.Port}/", info.Endpoint);
            var cli = lambda.CliFor(new Uri(info.Endpoint));
            await lambda.CreateFunctionAsync(name, lambda.ImageV1, cli: cli);
            await cli.OkAsync("lambda", "publish-version", "--function-name", name);
            await cli.OkAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
            var created = await cli.OkAsync("lambda", "create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE");
            Assert.Equal(url.ToString(), created["FunctionUrl"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
            var warm = await FunctionImages.RunningAsync(label);
            Assert.Single(warm);

            await LocalLambda.StopAsync(dir, down: false);
            Assert.Null(await LocalLambda.TryConnectAsync(dir));
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
            Assert.Equal(warm, await FunctionImages.RunningAsync(label));

            info = await LocalLambda.StartDetachedAsync(options);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(url)).StatusCode);
            Assert.Equal(warm, await FunctionImages.RunningAsync(label));
            var alias = await lambda.CliFor(new Uri(info.Endpoint)).OkAsync("lambda", "get-alias", "--function-name", name, "--name", "live");
            Assert.Equal("1", alias["FunctionVersion"]!.GetValue<string>());

            await LocalLambda.StopAsync(dir, down: true);
            Assert.Null(await LocalLambda.TryConnectAsync(dir));
            Assert.Empty(await FunctionImages.RunningAsync(label));
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));

            // with no server and no state directory, down still finds this instance's containers by label
            info = await LocalLambda.StartDetachedAsync(options);
            cli = lambda.CliFor(new Uri(info.Endpoint));
            await lambda.CreateFunctionAsync(name, lambda.ImageV1, cli: cli);
            await cli.OkAsync("lambda", "invoke", "--function-name", name, Path.GetTempFileName());
            Assert.Single(await FunctionImages.RunningAsync(label));
            await LocalLambda.StopAsync(dir, down: false);
            Directory.Delete(dir, recursive: true);
            await LocalLambda.StopAsync(dir, down: true);
            Assert.Empty(await FunctionImages.RunningAsync(label));
        }
        finally
        {
            await LocalLambda.StopAsync(dir, down: true);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
