using System.Globalization;
using System.Text;
using Amazon.Runtime;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>Our SigV4 against independent references: botocore, and AWS's published test-suite vector.</summary>
public sealed class SigV4Tests(BotocoreSigner botocore) : IClassFixture<BotocoreSigner>
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime SignedAt = new(2026, 11, 22, 12, 36, 0, DateTimeKind.Utc);

    public static TheoryData<string, string, string?, string> Requests => new()
    {
        { "https://api.ecr.eu-west-1.amazonaws.com/", "DescribeRepositories", null, """{"repositoryNames":["app"]}""" },
        { "http://127.0.0.1:50123/", "GetAuthorizationToken", null, "{}" },
        { "https://api.ecr.us-east-1.amazonaws.com/", "CreateRepository", "FwoGZXIvYXdzEXAMPLE//token+with/slashes==", """{"repositoryName":"a/b","tags":[{"Key":"k","Value":"ü"}]}""" },
        { "https://vpce-0abc-123.api.ecr.eu-west-1.vpce.amazonaws.com/", "DescribeImages", null, """{"repositoryName":"app","imageIds":[{"imageTag":"1.0"}]}""" },
    };

    [TheoryRequiring(Requirement.Moto)]
    [MemberData(nameof(Requests))]
    public async Task Authorization_header_equals_botocores(string url, string operation, string? token, string body)
    {
        var region = url.Contains("us-east-1", StringComparison.Ordinal) ? "us-east-1" : "eu-west-1";
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = AwsJsonClient.CreateRequest(AwsService.Ecr, new Uri(url), operation, bytes);
        AwsSigV4.Sign(request, bytes, new ImmutableCredentials(AccessKey, SecretKey, token), region, "ecr", SignedAt);

        var expected = await botocore.AuthorizationAsync(new
        {
            url,
            body,
            target = $"{AwsService.Ecr.TargetPrefix}.{operation}",
            access_key = AccessKey,
            secret_key = SecretKey,
            token,
            region,
            service = "ecr",
            timestamp = SignedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
        });

        Assert.Equal(expected, request.Headers.GetValues("Authorization").Single());
        Assert.Equal(token is not null, request.Headers.Contains(AwsSigV4.SecurityTokenHeader));
    }

    /// <summary>AWS SigV4 test suite, "post-vanilla": POST / to example.amazonaws.com, signed headers host and x-amz-date.</summary>
    [Fact]
    public void Canonical_request_and_signature_match_the_aws_test_suite_post_vanilla()
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        };
        var canonical = AwsSigV4.CanonicalRequest("POST", new Uri("https://example.amazonaws.com/"), headers, "host;x-amz-date", []);

        Assert.Equal(
            "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        var result = Amazon.Runtime.Internal.Auth.AWS4Signer.ComputeSignature(
            new ImmutableCredentials(AccessKey, SecretKey, null), "us-east-1", new DateTime(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc), "service", "host;x-amz-date", canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            result.ForAuthorizationHeader);
    }
}
