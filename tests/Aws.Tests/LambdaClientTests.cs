using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Aws.Lambda;
using Pipeline.Aws.Tests.Conformance;

namespace Pipeline.Aws.Tests;

/// <summary>The Lambda client over REST-JSON: headers read back, the update-in-progress wait, one-line errors, the waiters.</summary>
public sealed class LambdaClientTests
{
    private const string UpdateInProgress = "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:api";

    [Fact]
    public async Task Invoke_reads_the_executed_version_the_function_error_and_the_raw_payload()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            200, """{"errorMessage":"boom","errorType":"Error"}""", [("X-Amz-Executed-Version", "8"), ("X-Amz-Function-Error", "Unhandled")])
        { ContentType = "application/json" });
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var response = await lambda.InvokeAsync(
            new InvokeRequest { FunctionName = "api", Qualifier = "live", Payload = """{"path":"/health"}"""u8.ToArray() }, CancellationToken.None);

        Assert.Equal(("8", "Unhandled", 200), (response.ExecutedVersion, response.FunctionError, response.StatusCode));
        Assert.Equal("""{"errorMessage":"boom","errorType":"Error"}""", Encoding.UTF8.GetString(response.Payload!));
        var request = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/2015-03-31/functions/api/invocations?Qualifier=live"), (request.Method, request.RawUrl));
        Assert.Equal("""{"path":"/health"}""", request.Body);
    }

    [Fact]
    public async Task A_payload_that_is_not_json_comes_back_byte_for_byte()
    {
        var bytes = new byte[] { 0, 1, 2, 255, 254 };
        using var stub = new StubAwsEndpoint(new StubResponse(200, "") { Bytes = bytes, ContentType = "application/octet-stream" });
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var response = await lambda.InvokeAsync(new InvokeRequest { FunctionName = "api" }, CancellationToken.None);

        Assert.Equal(bytes, response.Payload);
    }

    [Fact]
    public async Task An_update_in_progress_is_waited_out_then_the_call_goes_through()
    {
        using var stub = new StubAwsEndpoint(
            LambdaError(409, "ResourceConflictException", UpdateInProgress),
            LambdaError(409, "ResourceConflictException", UpdateInProgress),
            new StubResponse(200, """{"FunctionName":"api","Version":"7","LastUpdateStatus":"Successful"}"""));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var published = await lambda.PublishVersionAsync(new PublishVersionRequest { FunctionName = "api", Description = "2.0.0" }, CancellationToken.None);

        Assert.Equal("7", published.Version);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("""{"Description":"2.0.0"}""", r.Body));
    }

    [Fact]
    public async Task An_update_that_stays_in_progress_ends_in_one_line_after_the_bounded_retries()
    {
        using var stub = new StubAwsEndpoint(LambdaError(409, "ResourceConflictException", UpdateInProgress));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint) with { UpdateInProgressRetries = 4 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = "api", ImageUri = "r/api@sha256:ab" }, CancellationToken.None));

        Assert.Equal(5, stub.Requests.Count);
        Assert.Equal(
            $"Lambda UpdateFunctionCode failed: ResourceConflictException: {UpdateInProgress} (an update of the resource was still in progress after 5 attempts: wait until its LastUpdateStatus is Successful, then retry)",
            error.Message);
    }

    [Fact]
    public async Task A_conflict_that_is_not_an_update_in_progress_is_not_retried()
    {
        using var stub = new StubAwsEndpoint(LambdaError(409, "ResourceConflictException", "Alias already exists: arn:aws:lambda:us-east-1:123456789012:function:api:live"));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            lambda.CreateAliasAsync(new CreateAliasRequest { FunctionName = "api", Name = "live", FunctionVersion = "1" }, CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Equal("ResourceConflictException", error.ErrorCode);
        Assert.False(error.IsUpdateInProgress);
    }

    [Fact]
    public async Task Throttling_is_retried()
    {
        using var stub = new StubAwsEndpoint(
            LambdaError(429, "TooManyRequestsException", "Rate exceeded"),
            new StubResponse(200, """{"Name":"live","FunctionVersion":"7","RevisionId":"r-2"}"""));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var alias = await lambda.GetAliasAsync(new GetAliasRequest { FunctionName = "api", Name = "live" }, CancellationToken.None);

        Assert.Equal("r-2", alias.RevisionId);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_names_the_iam_action_and_the_role_in_one_line()
    {
        const string denial = "User: arn:aws:sts::123456789012:assumed-role/github-deploy/GitHubActions is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:api:live because no identity-based policy allows the lambda:InvokeFunction action";
        using var stub = new StubAwsEndpoint(LambdaError(403, "AccessDeniedException", denial));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => lambda.InvokeAsync(new InvokeRequest { FunctionName = "api", Qualifier = "live" }, CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Equal($"Lambda Invoke failed: AccessDeniedException: {denial} (allow lambda:InvokeFunction in the IAM policy of role github-deploy)", error.Message);
        Assert.Equal("lambda:InvokeFunction", error.IamAction);
    }

    [Theory]
    [InlineData("Access denied", "arn:aws:iam::123456789012:role/deploy/lambda-deployer", "allow lambda:UpdateAlias in the IAM policy of role lambda-deployer")]
    [InlineData("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: lambda:UpdateAlias", "arn:aws:iam::123456789012:role/other", "allow lambda:UpdateAlias in the IAM policy of user ci")]
    [InlineData("Access denied", null, "allow lambda:UpdateAlias in the IAM policy of the caller's identity")]
    public void Access_denied_names_the_principal_from_the_message_else_from_the_credentials(string message, string? roleArn, string hint)
    {
        var error = new AwsServiceException(
            "Lambda", "UpdateAlias", "AccessDeniedException", message, HttpStatusCode.Forbidden, null, iamAction: "lambda:UpdateAlias", principal: AwsErrorHints.RoleNamed(roleArn));

        Assert.Equal($"Lambda UpdateAlias failed: AccessDeniedException: {message} ({hint})", error.Message);
    }

    [Fact]
    public async Task A_missing_function_is_one_line_with_the_code_from_the_header()
    {
        using var stub = new StubAwsEndpoint(LambdaError(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:api"));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = "api" }, CancellationToken.None));

        Assert.Equal(("ResourceNotFoundException", HttpStatusCode.NotFound), (error.ErrorCode, error.StatusCode));
        Assert.Equal("Lambda GetFunction failed: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:api", error.Message);
    }

    [Fact]
    public async Task An_explicit_empty_weight_map_clears_the_routing()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"Name":"live","FunctionVersion":"8","RoutingConfig":{"AdditionalVersionWeights":{}}}"""));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var alias = await lambda.UpdateAliasAsync(
            new UpdateAliasRequest { FunctionName = "api", Name = "live", FunctionVersion = "8", RoutingConfig = AliasRoutingConfiguration.None, RevisionId = "r-1" }, CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal(("PUT", "/2015-03-31/functions/api/aliases/live"), (request.Method, request.RawUrl));
        Assert.Equal("""{"FunctionVersion":"8","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r-1"}""", request.Body);
        Assert.Empty(alias.RoutingConfig!.AdditionalVersionWeights!);
    }

    [Fact]
    public async Task The_update_wait_polls_until_successful()
    {
        using var stub = new StubAwsEndpoint(
            new StubResponse(200, """{"Configuration":{"LastUpdateStatus":"InProgress"}}"""),
            new StubResponse(200, """{"Configuration":{"LastUpdateStatus":"InProgress"}}"""),
            new StubResponse(200, """{"Configuration":{"LastUpdateStatus":"Successful","CodeSha256":"abc"}}"""));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var function = await lambda.WaitUntilUpdatedAsync("api", TimeSpan.FromMilliseconds(10), CancellationToken.None);

        Assert.Equal("abc", function.Configuration!.CodeSha256);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal(("GET", "/2015-03-31/functions/api"), (r.Method, r.RawUrl)));
    }

    [Fact]
    public async Task A_failed_update_ends_the_wait_with_lambdas_reason()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            200, """{"Configuration":{"LastUpdateStatus":"Failed","LastUpdateStatusReasonCode":"ImageDeleted","LastUpdateStatusReason":"The image was deleted."}}"""));
        using var lambda = new LambdaClient(StubClients.Options(stub.Endpoint));

        var error = await Assert.ThrowsAsync<AwsWaitException>(() => lambda.WaitUntilUpdatedAsync("api", TimeSpan.FromMilliseconds(10), CancellationToken.None));

        Assert.Equal("Lambda function api's update: Configuration.LastUpdateStatus is Failed (ImageDeleted: The image was deleted.)", error.Message);
    }

    [Fact]
    public void The_waiters_are_the_models()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ModelFiles.PathOf(ModelFiles.LambdaWaiters)));
        foreach (var waiter in LambdaWaiters.All)
        {
            var model = document.RootElement.GetProperty("waiters").GetProperty(waiter.Name);
            var acceptors = model.GetProperty("acceptors").EnumerateArray()
                .Select(a => (State: a.GetProperty("state").GetString(), Path: a.GetProperty("argument").GetString(), Expected: a.GetProperty("expected").GetString()))
                .ToList();

            Assert.Equal(model.GetProperty("operation").GetString(), waiter.Operation);
            Assert.Equal(TimeSpan.FromSeconds(model.GetProperty("delay").GetInt32()), waiter.Delay);
            Assert.Equal(model.GetProperty("maxAttempts").GetInt32(), waiter.MaxAttempts);
            Assert.Equal([("success", waiter.Path, waiter.Success), ("failure", waiter.Path, waiter.Failure), ("retry", waiter.Path, waiter.Retry)], acceptors);
        }
    }

    private static StubResponse LambdaError(int status, string code, string message) =>
        new(status, JsonSerializer.Serialize(new Dictionary<string, string> { ["Type"] = "User", ["Message"] = message }), [("x-amzn-ErrorType", code)])
        {
            ContentType = "application/json",
        };
}
