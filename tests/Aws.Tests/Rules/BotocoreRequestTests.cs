using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Aws.Tests.Conformance;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Every operation of every client, sent with every member our input type has, against botocore laying out and signing
/// the same input: same method, path, query, the headers botocore's serializer sets, a body that means the same and the
/// same signature. The input is the model's sample, so an operation added to a client is compared without a line here.
/// </summary>
public sealed class BotocoreRequestTests(BotocoreReference botocore) : IClassFixture<BotocoreReference>
{
    /// <summary>Headers every request has that the protocol does not decide.</summary>
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "User-Agent", "X-Amz-Date", "Authorization", "X-Amz-Security-Token", "Connection", "Expect",
    };

    public static TheoryData<string> Operations => ServiceCatalog.OperationIds;

    [TheoryRequiring(Requirement.Moto)]
    [MemberData(nameof(Operations))]
    public async Task Every_operation_sends_what_botocore_sends(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var input = ModelConformance.SampleJson(catalog.Model, catalog.Model.InputShape(operation.Name), new SampleOptions(WholeSecondTimestamps: true))!.AsObject();
        var typed = JsonSerializer.SerializeToNode(input.Deserialize(operation.Options.GetTypeInfo(operation.InputType)), operation.Options.GetTypeInfo(operation.InputType))!.AsObject();

        await AssertSameAsBotocoreAsync(catalog, operation, typed);
    }

    [TheoryRequiring(Requirement.Moto)]
    [InlineData("Lambda GetAlias", """{"FunctionName":"arn:aws:lambda:eu-west-1:123456789012:function:api","Name":"live"}""")]
    [InlineData("Lambda GetFunctionConfiguration", """{"FunctionName":"api","Qualifier":"$LATEST"}""")]
    [InlineData("Lambda UpdateAlias", """{"FunctionName":"api","Name":"live","FunctionVersion":"7","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r-1"}""")]
    [InlineData("Lambda UpdateAlias", """{"FunctionName":"api","Name":"live","RoutingConfig":{"AdditionalVersionWeights":{"8":0.1}}}""")]
    [InlineData("Lambda Invoke", """{"FunctionName":"api","Qualifier":"live"}""")]
    [InlineData("Lambda Invoke", """{"FunctionName":"api:live","InvocationType":"Event","Payload":"eyJ1c2VyIjoiw7wgKyAvICUifQ=="}""")]
    [InlineData("Lambda PublishVersion", """{"FunctionName":"api"}""")]
    [InlineData("Lambda ListVersionsByFunction", """{"FunctionName":"api","Marker":"a b/c+d","MaxItems":50}""")]
    [InlineData("Lambda DeleteFunction", """{"FunctionName":"api"}""")]
    [InlineData("Lambda CreateFunctionUrlConfig", """{"FunctionName":"api","Qualifier":"live","AuthType":"NONE"}""")]
    [InlineData("ECS RunTask", """{"taskDefinition":"migrations:3","clientToken":"0f9c4d7e-4a0e-4d3e-9b7e-3c1f6d2a8b10","startedBy":"ü + /"}""")]
    [InlineData("CloudWatch DescribeAlarms", """{"AlarmNames":["api-5xx","api-p99"]}""")]
    public async Task Corner_cases_are_sent_as_botocore_sends_them(string operationId, string json)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);

        await AssertSameAsBotocoreAsync(catalog, operation, JsonNode.Parse(json)!.AsObject());
    }

    [TheoryRequiring(Requirement.Moto)]
    [InlineData("ECS ListServiceDeployments", """{"service":"api","createdAt":{"after":"2026-01-01T00:00:00.750Z","before":"2026-01-01T00:10:59.999Z"}}""")]
    [InlineData("CloudWatch GetMetricData", """{"MetricDataQueries":[{"Id":"errors","Expression":"SUM(METRICS())"}],"StartTime":"2026-01-01T00:00:00.250Z","EndTime":"2026-01-01T00:05:00.999Z"}""")]
    public async Task Request_timestamps_are_whole_seconds_as_botocore_sends_them(string operationId, string json)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var input = JsonNode.Parse(json)!.AsObject();
        var sent = await SendAsync(catalog, operation, input);

        var reference = await AskAsync(catalog, operation, input, sent);

        Assert.True(reference["body_matches"]!.GetValue<bool>(), $"ours {sent.Body}, botocore's {Encoding.UTF8.GetString(Convert.FromBase64String((string)reference["body"]!))}");
        Assert.DoesNotContain(".", sent.Body, StringComparison.Ordinal);
    }

    private async Task AssertSameAsBotocoreAsync(ServiceCatalog catalog, IAwsOperation operation, JsonObject input)
    {
        var sent = await SendAsync(catalog, operation, input);
        var reference = await AskAsync(catalog, operation, input, sent);

        Assert.True(reference["error"] is null, $"botocore refuses {input.ToJsonString()}: {reference["error"]}");
        var path = sent.RawUrl.Split('?')[0];
        var query = sent.RawUrl.Contains('?', StringComparison.Ordinal) ? sent.RawUrl[(sent.RawUrl.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        Assert.Equal((string)reference["method"]!, sent.Method);
        Assert.Equal((string)reference["path"]!, path);
        Assert.Equal(
            reference["query"]!.AsArray().Select(p => $"{p![0]}={p[1]}").Order(StringComparer.Ordinal),
            query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(Decode).Order(StringComparer.Ordinal));
        var theirs = reference["headers"]!.AsObject().ToDictionary(h => h.Key, h => (string)h.Value!, StringComparer.OrdinalIgnoreCase);
        var ours = sent.Headers.Where(h => !TransportHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(theirs.OrderBy(h => h.Key.ToLowerInvariant()), ours.OrderBy(h => h.Key.ToLowerInvariant()), new HeaderComparer());
        var theirBody = Convert.FromBase64String((string)reference["body"]!);
        Assert.True(reference["body_matches"]!.GetValue<bool>(), $"ours {sent.Body}, botocore's {Encoding.UTF8.GetString(theirBody)}");
        Assert.Equal((string)reference["authorization"]!, sent.Authorization);
    }

    private static async Task<RecordedRequest> SendAsync(ServiceCatalog catalog, IAwsOperation operation, JsonObject input)
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, "{}"));
        using var client = StubClients.For(catalog.Service, stub.Endpoint, maxRetries: 0);
        await operation.SendJsonAsync(client, input, CancellationToken.None);
        return Assert.Single(stub.Requests);
    }

    private Task<JsonObject> AskAsync(ServiceCatalog catalog, IAwsOperation operation, JsonObject input, RecordedRequest sent)
    {
        var endpoint = new Uri(sent.Header("Host") is { } host ? $"http://{host}/" : throw new InvalidOperationException("no Host header"));
        return botocore.AskAsync(new JsonObject
        {
            ["model"] = catalog.Model.Path,
            ["operation"] = operation.Name,
            ["protocol"] = catalog.Service.Protocol == AwsProtocol.Json ? "json" : "rest-json",
            ["params"] = input.DeepClone(),
            ["endpoint"] = endpoint.ToString(),
            ["region"] = StubClients.Region,
            ["access_key"] = StubClients.AccessKey,
            ["secret_key"] = StubClients.SecretKey,
            ["amz_date"] = sent.Header("X-Amz-Date"),
            ["body"] = Convert.ToBase64String(sent.BodyBytes),
        });
    }

    private static string Decode(string pair)
    {
        var parts = pair.Split('=', 2);
        return $"{Uri.UnescapeDataString(parts[0])}={Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : "")}";
    }

    private sealed class HeaderComparer : IEqualityComparer<KeyValuePair<string, string>>
    {
        public bool Equals(KeyValuePair<string, string> x, KeyValuePair<string, string> y) =>
            string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase) && x.Value == y.Value;

        public int GetHashCode(KeyValuePair<string, string> obj) => HashCode.Combine(obj.Key.ToLower(CultureInfo.InvariantCulture), obj.Value);
    }
}
