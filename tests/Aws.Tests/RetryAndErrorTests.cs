using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Pipeline.Aws.Ecr;

namespace Pipeline.Aws.Tests;

/// <summary>Retries with backoff, error mapping and timeouts, against a scripted loopback endpoint.</summary>
public sealed class RetryAndErrorTests
{
    private const string TokenResponse =
        """{"authorizationData":[{"authorizationToken":"QVdTOnNlY3JldA==","expiresAt":1767225600,"proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"}]}""";

    private static EcrClient NewClient(Uri endpoint, int maxRetries = 4, TimeSpan? timeout = null) => new(new AwsClientOptions
    {
        Region = "eu-west-1",
        ServiceUrl = endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = maxRetries,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    [Fact]
    public async Task Sends_a_signed_json_1_1_post_with_the_target_header()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(200, """{"repositories":[]}"""));
        using var ecr = NewClient(stub.Endpoint);

        await ecr.DescribeRepositoriesAsync(new DescribeRepositoriesRequest { RepositoryNames = ["app"] }, CancellationToken.None);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", request.Target);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal("""{"repositoryNames":["app"]}""", request.Body);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=test/", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/ecr/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=", request.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_retried_then_succeeds()
    {
        using var stub = new StubAwsEndpoint(
            StubResponse.Error(500, "ServerException", "internal error"),
            new StubResponse(200, TokenResponse));
        using var ecr = NewClient(stub.Endpoint);

        var credentials = await ecr.GetRegistryCredentialsAsync(null, CancellationToken.None);

        Assert.Equal("secret", credentials.Password);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Throttling_is_retried_until_success()
    {
        using var stub = new StubAwsEndpoint(
            StubResponse.Error(400, "ThrottlingException", "Rate exceeded"),
            StubResponse.Error(429, "com.amazonaws.ecr#TooManyRequestsException", "Slow down"),
            new StubResponse(200, TokenResponse));
        using var ecr = NewClient(stub.Endpoint);

        var credentials = await ecr.GetRegistryCredentialsAsync(null, CancellationToken.None);

        Assert.Equal("AWS", credentials.Username);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task Throttling_that_persists_gives_up_after_the_configured_retries()
    {
        using var stub = new StubAwsEndpoint(StubResponse.Error(400, "ThrottlingException", "Rate exceeded"));
        using var ecr = NewClient(stub.Endpoint, maxRetries: 2);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.Equal(3, stub.Requests.Count);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(
            "ECR GetAuthorizationToken failed: ThrottlingException: Rate exceeded (still throttled after 3 attempts: retry later or lower the request rate)",
            error.Message);
    }

    [Fact]
    public async Task Access_denied_is_not_retried_and_says_what_to_check()
    {
        const string denial = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: *";
        using var stub = new StubAwsEndpoint(StubResponse.Error(400, "AccessDeniedException", denial));
        using var ecr = NewClient(stub.Endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.Single(stub.Requests);
        Assert.Equal($"ECR GetAuthorizationToken failed: AccessDeniedException: {denial} (allow ecr:GetAuthorizationToken in the IAM policy of user ci)", error.Message);
        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal(denial, error.ErrorMessage);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-1", error.RequestId);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task The_error_code_comes_from_the_header_when_the_body_has_none()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(
            403, """{"Message":"The security token included in the request is invalid."}""",
            [("x-amzn-ErrorType", "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/")]));
        using var ecr = NewClient(stub.Endpoint);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
        Assert.Equal(
            "ECR GetAuthorizationToken failed: UnrecognizedClientException: The security token included in the request is invalid. (check the AWS credentials and that they belong to this account and region)",
            error.Message);
    }

    [Fact]
    public async Task A_non_json_gateway_error_is_retried_and_reported_with_its_status()
    {
        using var stub = new StubAwsEndpoint(new StubResponse(502, "<html><body>Bad Gateway</body></html>"));
        using var ecr = NewClient(stub.Endpoint, maxRetries: 1);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal("Http502", error.ErrorCode);
        Assert.Equal("ECR GetAuthorizationToken failed: Http502: <html><body>Bad Gateway</body></html> (after 2 attempts)", error.Message);
    }

    [Fact]
    public async Task A_black_hole_endpoint_times_out_with_a_line_naming_the_endpoint()
    {
        // Accepts connections (the kernel completes the handshake) and never answers.
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/");
        using var ecr = NewClient(endpoint, maxRetries: 1, timeout: TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AwsEndpointException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.True(error.IsTimeout);
        Assert.Equal(2, error.AttemptCount);
        Assert.Equal(endpoint, error.Endpoint);
        Assert.Equal(
            $"ECR GetAuthorizationToken failed: no answer within 0.3 s from {endpoint} (after 2 attempts); check the endpoint URL, network route or VPC endpoint, or raise the timeout",
            error.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_closed_port_is_an_unreachable_endpoint()
    {
        var endpoint = new Uri($"http://127.0.0.1:{StubAwsEndpoint.FreePort()}/");
        using var ecr = NewClient(endpoint, maxRetries: 0);

        var error = await Assert.ThrowsAsync<AwsEndpointException>(() => ecr.GetRegistryCredentialsAsync(null, CancellationToken.None));

        Assert.False(error.IsTimeout);
        Assert.Equal(
            $"ECR GetAuthorizationToken failed: cannot reach (Connection refused) {endpoint} (after 1 attempt); nothing listens on 127.0.0.1:{endpoint.Port}: start the local ECR stand-in this endpoint names, or check the endpoint URL",
            error.Message);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_timeout_and_not_retried()
    {
        using var blackHole = new TcpListener(IPAddress.Loopback, 0);
        blackHole.Start();
        var endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)blackHole.LocalEndpoint).Port}/");
        using var ecr = NewClient(endpoint, maxRetries: 3, timeout: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ecr.GetRegistryCredentialsAsync(null, cancel.Token));
    }
}
