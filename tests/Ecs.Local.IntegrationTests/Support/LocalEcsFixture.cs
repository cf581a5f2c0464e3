using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Pipeline.Aws;
using Pipeline.Foundation.Polling;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Ecs.Local.IntegrationTests.Support;

/// <summary>
/// One local ECS for the whole suite (in this process, on a free loopback port, minutes scaled to seconds), the exchange
/// log it writes, Pipeline's own AWS client and the aws CLI pointed at it. Each test uses its own cluster and ports.
/// </summary>
public sealed class LocalEcsFixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDECSLOCALTESTS";
    public const string AlarmName = "web-5xx";

    private readonly JsonTypeInfoHolder types = new();
    private int checkedLines;

    public string SecretKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"ecs-local-it-{Guid.NewGuid():N}");

    public string ExchangeLog => Path.Combine(StateDirectory, "exchanges.jsonl");

    internal EcsLocalServer Server { get; private set; } = null!;

    public Uri Endpoint => Server.Endpoint;

    internal AwsCli Cli { get; private set; } = null!;

    /// <summary>The aws CLI's <c>logs</c> commands against the CloudWatch Logs the server serves beside ECS.</summary>
    internal AwsCli LogsCli { get; private set; } = null!;

    internal AwsJsonClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Availability.Skips(Requirement.Docker))
        {
            return;
        }

        Directory.CreateDirectory(StateDirectory);
        Server = await EcsLocalServer.StartAsync(Options(StateDirectory, ExchangeLog));
        Cli = new AwsCli(Endpoint, "us-east-1", AccessKey, SecretKey) { Service = "ecs", MaxAttempts = 1 };
        LogsCli = new AwsCli(Endpoint, "us-east-1", AccessKey, SecretKey) { Service = "logs", MaxAttempts = 1 };
        Client = new AwsJsonClient(AwsService.Ecs, new AwsClientOptions
        {
            Region = "us-east-1",
            ServiceUrl = Endpoint,
            Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
            MaxRetries = 0,
        });
    }

    public async Task DisposeAsync()
    {
        if (Server is null)
        {
            return;
        }

        Client.Dispose();
        await Server.DownAsync();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by an exiting edge: /tmp is cleaned anyway
        }
    }

    /// <summary>The options the suite's server runs with; other servers in tests take the same.</summary>
    internal EcsLocalOptions Options(string stateDirectory, string? exchangeLog) => new()
    {
        StateDirectory = stateDirectory,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SecondsPerMinute = 1,
        ExchangeLog = exchangeLog,
        TaskFailureThreshold = 2,
        HealthyTimeout = TimeSpan.FromSeconds(60),
        Alarms = new Dictionary<string, string> { [AlarmName] = "5xx > 20% over 3s" },
    };

    /// <summary>Calls one operation with Pipeline's AWS client; AWS errors surface as <see cref="AwsServiceException"/>.</summary>
    internal Task<JsonObject> CallAsync(string operation, JsonObject request) =>
        Client.SendAsync(operation, request, types.Object, types.Object, CancellationToken.None);

    /// <summary>The error AWS-style of one call that must fail.</summary>
    internal async Task<AwsServiceException> FailAsync(string operation, JsonObject request) =>
        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync(operation, request));

    /// <summary>Sends <paramref name="body"/> as it is, signed (or not) for this server: for bodies no client would send.</summary>
    internal async Task<(int Status, JsonObject Body)> SendRawAsync(string operation, string body, bool sign = true, string? secret = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
        if (sign)
        {
            Sign(request, Encoding.UTF8.GetBytes(body), secret ?? SecretKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Waits until a service deployment satisfies <paramref name="condition"/>; returns it.</summary>
    internal Task<JsonObject> WaitDeploymentAsync(string arn, Func<JsonObject, bool> condition, TimeSpan timeout, string what) => Poll.UntilAsync(
        async _ => (await CallAsync("DescribeServiceDeployments", new JsonObject { ["serviceDeploymentArns"] = new JsonArray(arn) }))["serviceDeployments"]![0]!.AsObject(),
        condition,
        PollSchedule.Every(TimeSpan.FromMilliseconds(150), timeout),
        $"deployment {arn} to reach '{what}'",
        CancellationToken.None,
        last => last.ToJsonString());

    /// <summary>
    /// Checks every exchange logged since the last check against the official model: accepted requests against the
    /// operation's input shape, answers against its output shape; errors must be AWS's {__type, message}.
    /// </summary>
    public void AssertExchangesConform()
    {
        var problems = Conformance.ExchangeConformance.Check(ExchangeLog, ref checkedLines);
        Assert.True(problems.Count == 0, "exchanges not valid against the official ECS model:\n" + string.Join("\n", problems.Take(30)));
    }

    private void Sign(HttpRequestMessage request, byte[] body, string secret)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];
        var host = $"{Endpoint.Host}:{Endpoint.Port}";
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var target = request.Headers.GetValues("X-Amz-Target").First();
        var canonical = $"POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n\n" +
            $"content-type;host;x-amz-date;x-amz-target\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var scope = $"{day}/us-east-1/ecs/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { day, "us-east-1", "ecs", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation(
            "Authorization", $"AWS4-HMAC-SHA256 Credential={AccessKey}/{scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={signature}");
    }

    private sealed class JsonTypeInfoHolder
    {
        public System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject> Object { get; } =
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonObject>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));
    }
}

/// <summary>All local ECS tests share one server and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class LocalEcsCollection : ICollectionFixture<LocalEcsFixture>
{
    public const string Name = "local ECS";
}
