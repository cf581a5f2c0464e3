using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Lambda.Local.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Lambda.Local.IntegrationTests;

/// <summary>Both APIs want SigV4 with the local Lambda's key, for their own service name, and answer AWS's errors otherwise.</summary>
[Collection(LocalLambdaCollection.Name)]
public sealed class SignatureTests(LocalLambdaFixture lambda)
{
    [FactRequiring(Requirement.Docker, Requirement.AwsCli)]
    public async Task Unsigned_wrongly_signed_and_unknown_key_requests_are_refused()
    {
        using var http = new HttpClient();
        using (var unsigned = await http.GetAsync(new Uri(lambda.Endpoint, "2015-03-31/functions/")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
            Assert.Equal("MissingAuthenticationTokenException", unsigned.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.NotNull(JsonNode.Parse(await unsigned.Content.ReadAsStringAsync())!["message"]);
        }

        var wrongSecret = await new AwsCli(lambda.Endpoint, "us-east-1", LocalLambdaFixture.AccessKey, "not-the-secret") { MaxAttempts = 1 }.RunAsync("lambda", "list-functions");
        Assert.Contains("InvalidSignatureException", wrongSecret.Error, StringComparison.Ordinal);
        var unknownKey = await new AwsCli(lambda.Endpoint, "us-east-1", "AKIDUNKNOWN", lambda.SecretKey) { MaxAttempts = 1 }.RunAsync("cloudwatch", "describe-alarms");
        Assert.Contains("UnrecognizedClientException", unknownKey.Error, StringComparison.Ordinal);
        var otherRegion = await new AwsCli(lambda.Endpoint, "eu-west-1", LocalLambdaFixture.AccessKey, lambda.SecretKey) { MaxAttempts = 1 }.RunAsync("lambda", "list-functions");
        Assert.Contains("InvalidSignatureException", otherRegion.Error, StringComparison.Ordinal);

        var listed = await lambda.Cli.OkAsync("lambda", "list-functions");
        Assert.NotNull(listed["Functions"]);
        var missing = await lambda.Cli.RunAsync("lambda", "get-function", "--function-name", "no-such-function");
        Assert.Contains("ResourceNotFoundException", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function", missing.Error, StringComparison.Ordinal);
        lambda.AssertExchangesConform();
    }
}
