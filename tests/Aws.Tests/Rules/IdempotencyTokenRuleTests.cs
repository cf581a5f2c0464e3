using System.Text.Json.Nodes;
using Pipeline.Aws.Ecs;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests.Rules;

/// <summary>
/// Rule: an operation whose input has a member with the model's <c>idempotencyToken</c> trait carries a UUID in it when
/// the caller gave none (botocore's <c>generate_idempotent_uuid</c>), and the same one on every retry of the call — so a
/// lost answer retried does not do the thing twice.
/// </summary>
public sealed class IdempotencyTokenRuleTests
{
    public static TheoryData<string> Operations => ServiceCatalog.OperationIds;

    /// <summary>The operations the client implements whose model input has an idempotency token (RunTask's clientToken today).</summary>
    public static TheoryData<string> OperationsWithToken
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var service in ServiceCatalog.All)
            {
                foreach (var operation in service.Operations.Where(o => service.Model.IdempotencyTokens(o.Name).Count > 0))
                {
                    data.Add($"{service.Service.ServiceId} {operation.Name}");
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void The_client_declares_exactly_the_token_the_model_marks(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);

        Assert.Equal(catalog.Model.IdempotencyTokens(operation.Name).SingleOrDefault(), operation.IdempotencyToken);
    }

    [Fact]
    public void RunTask_is_among_the_operations_with_a_token()
    {
        Assert.Contains("ECS RunTask", OperationsWithToken.Cast<object[]>().Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(OperationsWithToken))]
    public async Task A_call_without_a_token_carries_one_uuid_the_same_on_every_retry(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        var token = operation.IdempotencyToken!;
        using var stub = new StubAwsEndpoint(
            StubResponse.Error(500, "ServerException", "internal error"),
            new StubResponse(200, "{}") { Delay = TimeSpan.FromSeconds(30) },
            new StubResponse(200, "{}"));
        using var client = StubClients.For(catalog.Service, stub.Endpoint, maxRetries: 3, timeout: TimeSpan.FromMilliseconds(500));
        var input = MinimalInput(catalog.Model, operation);
        Assert.Null(input[token]);

        await operation.SendJsonAsync(client, input, CancellationToken.None);

        var sent = stub.Requests.Select(r => TokenIn(catalog.Model, operation, r)).ToList();
        Assert.Equal(3, sent.Count);
        Assert.True(Guid.TryParse(sent[0], out _), $"{operationId}: {token} is '{sent[0]}', not a UUID");
        Assert.All(sent, t => Assert.Equal(sent[0], t));
    }

    [Theory]
    [MemberData(nameof(OperationsWithToken))]
    public async Task A_token_the_caller_gave_is_sent_as_it_is(string operationId)
    {
        var (catalog, operation) = ServiceCatalog.Find(operationId);
        using var stub = new StubAwsEndpoint(new StubResponse(200, "{}"));
        using var client = StubClients.For(catalog.Service, stub.Endpoint);
        var input = MinimalInput(catalog.Model, operation);
        input[operation.IdempotencyToken!] = "deploy-42-migrations";

        await operation.SendJsonAsync(client, input, CancellationToken.None);

        Assert.Equal("deploy-42-migrations", TokenIn(catalog.Model, operation, Assert.Single(stub.Requests)));
    }

    [Fact]
    public async Task Two_calls_get_two_tokens()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"tasks":[],"failures":[]}"""));
        using var ecs = new EcsClient(StubClients.Options(stub.Endpoint));

        await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "migrations:3" }, CancellationToken.None);
        await ecs.RunTaskAsync(new RunTaskRequest { TaskDefinition = "migrations:3" }, CancellationToken.None);

        var tokens = stub.Requests.Select(r => (string?)JsonNode.Parse(r.Body)!["clientToken"]).ToList();
        Assert.Equal(2, tokens.Distinct().Count());
    }

    private static JsonObject MinimalInput(ServiceModel model, IAwsOperation operation) =>
        ModelConformance.SampleJson(model, model.InputShape(operation.Name), new SampleOptions(RequiredOnly: true, WholeSecondTimestamps: true))!.AsObject();

    private static string? TokenIn(ServiceModel model, IAwsOperation operation, RecordedRequest request)
    {
        var (location, name) = model.Location(model.InputShape(operation.Name), operation.IdempotencyToken!);
        return location switch
        {
            null => (string?)JsonNode.Parse(request.Body)![name],
            "header" => request.Header(name),
            var other => throw new NotSupportedException($"an idempotency token in the {other}: teach this test (and the layout) where to find it"),
        };
    }
}
