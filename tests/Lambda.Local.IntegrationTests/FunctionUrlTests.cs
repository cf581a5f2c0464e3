using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>
/// The HTTP front: a function URL on an alias turns HTTP requests into invocations (payload format 2.0) through the
/// alias's weights, and the function's {statusCode, headers, body} back into HTTP; a failing function is a 502.
/// </summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class FunctionUrlTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task A_function_url_on_an_alias_answers_http_with_the_functions_response()
    {
        var name = lambda.Name("web");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1, new Dictionary<string, string> { ["RESPONSE_BODY"] = "from v1", ["RESPONSE_STATUS"] = "201" });
        await lambda.PublishAsync(name, "v1");
        await cli.OkAsync("lambda", "create-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        var created = await cli.OkAsync("lambda", "create-function-url-config", "--function-name", name, "--qualifier", "live", "--auth-type", "NONE");
        var url = new Uri(created["FunctionUrl"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", url.Host);
        Assert.EndsWith($"function:{name}:live", created["FunctionArn"]!.GetValue<string>(), StringComparison.Ordinal);
        var read = await cli.OkAsync("lambda", "get-function-url-config", "--function-name", name, "--qualifier", "live");
        Assert.Equal(url.ToString(), read["FunctionUrl"]!.GetValue<string>());

        using var http = new HttpClient();
        using (var response = await http.PostAsync(new Uri(url, "orders/42?expand=items&x=1"), new StringContent("{\"qty\":3}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", response.Headers.GetValues("X-Local-Lambda-Executed-Version").Single());
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("from v1", body["message"]!.GetValue<string>());
            Assert.Equal("POST", body["method"]!.GetValue<string>());
            Assert.Equal("/orders/42", body["path"]!.GetValue<string>());
            Assert.Equal("expand=items&x=1", body["query"]!.GetValue<string>());
        }

        // the next version fails every request: the URL answers 502 for it, and moves back with the alias
        await lambda.UpdateEnvironmentAsync(name, new Dictionary<string, string> { ["RUNTIME_FAIL_PERCENT"] = "100" });
        await lambda.PublishAsync(name, "v2 broken");
        await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", "2");
        using (var response = await http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("2", response.Headers.GetValues("X-Local-Lambda-Executed-Version").Single());
        }

        await cli.OkAsync("lambda", "update-alias", "--function-name", name, "--name", "live", "--function-version", "1");
        using (var response = await http.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        await cli.OkAsync("lambda", "delete-function-url-config", "--function-name", name, "--qualifier", "live");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }

    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task An_AWS_IAM_function_url_refuses_unsigned_requests()
    {
        var name = lambda.Name("iam");
        var cli = lambda.Cli;
        await lambda.CreateFunctionAsync(name, lambda.ImageV1);
        var created = await cli.OkAsync("lambda", "create-function-url-config", "--function-name", name, "--auth-type", "AWS_IAM");
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(created["FunctionUrl"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var exists = await cli.RunAsync("lambda", "create-function-url-config", "--function-name", name, "--auth-type", "NONE");
        Assert.Contains("ResourceConflictException", exists.Error, StringComparison.Ordinal);
        await cli.OkAsync("lambda", "delete-function", "--function-name", name);
        lambda.AssertExchangesConform();
    }
}
