using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Aws;
using Pipeline.Aws.Lambda;
using Pipeline.Deploy.Lambda.Tests.Support;

namespace Pipeline.Deploy.Lambda.Tests;

/// <summary>
/// The loopback front that turns HTTP requests into Invoke calls of one qualifier (function URL event, payload format
/// 2.0) and the function's <c>{statusCode, headers, body}</c> back into the HTTP answer.
/// </summary>
public sealed class InvokeBridgeTests : IAsyncLifetime
{
    private readonly LambdaApiFake fake = new();
    private LambdaClient lambda = null!;
    private InvokeBridge bridge = null!;
    private readonly HttpClient http = new();

    public Task InitializeAsync()
    {
        fake.Seed(LambdaStage.FunctionName, published: 2);
        lambda = new LambdaClient(new AwsClientOptions
        {
            Region = LambdaApiFake.Region,
            ServiceUrl = fake.Endpoint,
            Credentials = new BasicAWSCredentials("AKIDLAMBDAFAKE", "fake-secret"),
            MaxRetries = 0,
        });
        bridge = InvokeBridge.Start(lambda, LambdaStage.FunctionName, "2", NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await bridge.DisposeAsync();
        http.Dispose();
        lambda.Dispose();
        fake.Dispose();
    }

    [Fact]
    public async Task A_binary_request_becomes_a_base64_event_with_its_headers_path_and_query()
    {
        JsonNode? seen = null;
        fake.Handler = (_, evt) =>
        {
            seen = evt;
            return FakeInvocation.Http(204, "");
        };
        using var content = new ByteArrayContent([0, 1, 2, 255]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(bridge.Address, "files/a%20b?x=1&y=2")) { Content = content };
        request.Headers.Add("X-Trace", "t-1");

        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("2", answer.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.NotNull(seen);
        Assert.Equal("/files/a%20b", seen["rawPath"]!.GetValue<string>());
        Assert.Equal("x=1&y=2", seen["rawQueryString"]!.GetValue<string>());
        Assert.Equal("PUT", seen["requestContext"]!["http"]!["method"]!.GetValue<string>());
        Assert.Equal("t-1", seen["headers"]!["x-trace"]!.GetValue<string>());
        Assert.True(seen["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal(Convert.ToBase64String([0, 1, 2, 255]), seen["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_base64_answer_is_decoded_with_its_status_headers_and_content_type()
    {
        fake.Handler = (_, _) => new FakeInvocation(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["statusCode"] = 202,
            ["headers"] = new JsonObject { ["Content-Type"] = "image/png", ["X-Answer"] = "42", ["Content-Length"] = "999" },
            ["body"] = Convert.ToBase64String([137, 80, 78, 71]),
            ["isBase64Encoded"] = true,
        }.ToJsonString()));

        using var answer = await http.GetAsync(new Uri(bridge.Address, "logo.png"));

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("image/png", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal("42", answer.Headers.GetValues("X-Answer").Single());
        Assert.Equal([137, 80, 78, 71], await answer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_payload_that_is_not_an_HTTP_answer_is_returned_as_it_is()
    {
        fake.Handler = (_, _) => new FakeInvocation("""{"orders":[]}"""u8.ToArray());

        using var answer = await http.GetAsync(new Uri(bridge.Address, "orders"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("""{"orders":[]}""", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_failed_invoke_answers_502_with_Lambdas_message()
    {
        await using var missing = InvokeBridge.Start(lambda, LambdaStage.FunctionName, "9", NullLogger.Instance);

        using var answer = await http.GetAsync(new Uri(missing.Address, "orders"));

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Contains("Function not found", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
