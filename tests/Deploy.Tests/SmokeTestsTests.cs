using System.Net;
using System.Text;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;

namespace Pipeline.Deploy.Tests;

/// <summary>Smoke tests against a real HTTP listener.</summary>
public sealed class SmokeTestsTests : IAsyncLifetime
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private Uri baseAddress = null!;
    private int flaky;
    private Task? serving;

    public Task InitializeAsync()
    {
        var port = LoopbackPorts.Free();
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(baseAddress.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
        return Task.CompletedTask;
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            var (status, body) = context.Request.Url!.AbsolutePath switch
            {
                "/version" => (200, """{"service":"s","version":"1.2.3","items":[{"title":"a","done":true}]}"""),
                "/slow" => await SlowAsync(),
                "/flaky" => Interlocked.Increment(ref flaky) < 3 ? (503, "warming up") : (200, "ok"),
                "/echo" => (context.Request.HttpMethod == "POST" ? 201 : 405, await new StreamReader(context.Request.InputStream).ReadToEndAsync()),
                _ => (404, "not found"),
            };
            context.Response.StatusCode = status;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static async Task<(int, string)> SlowAsync()
    {
        await Task.Delay(300);
        return (200, "slow");
    }

    private async Task<SmokeTestResult> RunOneAsync(SmokeTests tests) =>
        Assert.Single(await tests.RunAsync(baseAddress, "test", CancellationToken.None));

    [Fact]
    public async Task Json_values_body_and_status_pass_when_they_match()
    {
        var results = await new SmokeTests()
            .Http("version", "/version", c => c.JsonValue("version", "1.2.3").JsonValue("$.items[0].title", "a").JsonValue("items[0].done", "true"))
            .Http("body", "/version", c => c.BodyContains("\"service\":\"s\""))
            .Http("post", HttpMethod.Post, "/echo", c => c.Body("""{"title":"x"}""").ExpectStatus(201).BodyContains("title"))
            .Check("custom", async (ctx, ct) => Assert.Equal("slow", await ctx.Http.GetStringAsync(new Uri("slow", UriKind.Relative), ct)))
            .RunAsync(baseAddress, "production", CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Passed, r.Message));
        Assert.All(results, r => Assert.Equal("production", r.Target));
        Assert.Equal("GET /version → 200, version = 1.2.3, $.items[0].title = a, items[0].done = true", results[0].Message[..results[0].Message.Length]);
        Assert.Equal("GET /version → 200, body contains '\"service\":\"s\"'", results[1].Message); // not ""service""
    }

    [Fact]
    public async Task A_wrong_json_value_fails_with_what_was_found()
    {
        var result = await RunOneAsync(new SmokeTests().Http("version", "/version", c => c.JsonValue("version", "2.0.0").Retries(0, TimeSpan.Zero)));
        Assert.False(result.Passed);
        Assert.Equal("GET /version: JSON version is 1.2.3, expected 2.0.0", result.Message);
    }

    [Fact]
    public async Task A_wrong_status_fails_after_the_retries_with_the_body_excerpt()
    {
        var result = await RunOneAsync(new SmokeTests().Http("missing", "/nope", c => c.Retries(2, TimeSpan.FromMilliseconds(10))));
        Assert.False(result.Passed);
        Assert.Equal(3, result.Attempts);
        Assert.Equal("GET /nope: status 404, expected 200 (body: not found) (after 3 attempts)", result.Message);
    }

    [Fact]
    public async Task Retries_let_a_warming_endpoint_pass()
    {
        var result = await RunOneAsync(new SmokeTests().Http("flaky", "/flaky", c => c.Retries(3, TimeSpan.FromMilliseconds(10))));
        Assert.True(result.Passed, result.Message);
        Assert.Equal(3, result.Attempts);
    }

    [Fact]
    public async Task A_slow_answer_fails_the_latency_limit()
    {
        var result = await RunOneAsync(new SmokeTests().Http("slow", "/slow", c => c.MaxLatency(TimeSpan.FromMilliseconds(100)).Retries(0, TimeSpan.Zero)));
        Assert.False(result.Passed);
        Assert.Matches(@"^GET /slow: took \d+ ms, over the 100 ms limit$", result.Message);
    }

    [Fact]
    public async Task A_throwing_check_fails_with_its_message_on_one_line()
    {
        var result = await RunOneAsync(new SmokeTests().Check("custom", (_, _) => throw new InvalidOperationException("expected 3 todos\nfound 2")));
        Assert.False(result.Passed);
        Assert.Equal("expected 3 todos found 2", result.Message);
    }

    [Fact]
    public async Task No_listener_fails_with_the_connection_error()
    {
        var results = await new SmokeTests().Http("down", "/version", c => c.Retries(0, TimeSpan.Zero))
            .RunAsync(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/"), "test", CancellationToken.None);
        Assert.False(results[0].Passed);
        Assert.Contains("Connection refused", results[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declarations_are_validated()
    {
        Assert.Equal("smoke test 'x': path 'health' must start with /", new SmokeTests().Http("x", "health").Validate());
        Assert.Equal("smoke test 'x': expected status 42 is not an HTTP status", new SmokeTests().Http("x", "/", c => c.ExpectStatus(42)).Validate());
        var twice = Assert.Throws<DeploySettingsException>(() => new SmokeTests().Http("x", "/").Http("x", "/y"));
        Assert.Equal("smoke test 'x' is declared twice: give each smoke test its own name", twice.Message);
    }

    [Fact]
    public void Results_render_as_a_markdown_table()
    {
        var markdown = SmokeTestReport.ToMarkdown([
            new SmokeTestResult("version", "test", true, TimeSpan.FromMilliseconds(12.4), "GET /version → 200"),
            new SmokeTestResult("todos | list", "production", false, TimeSpan.FromMilliseconds(80), "status 500, expected 200"),
        ]);
        Assert.Equal(
            "### Smoke tests\n\n| Test | Target | Status | Duration | Message |\n| --- | --- | --- | ---: | --- |\n" +
            "| version | test | ✅ passed | 12 ms | GET /version → 200 |\n" +
            "| todos \\| list | production | ❌ failed | 80 ms | status 500, expected 200 |\n",
            markdown);
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        listener.Close();
        if (serving is not null)
        {
            await serving;
        }

        stop.Dispose();
    }
}
