using Amazon.Runtime;
using Pipeline.Aws.Lambda;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Requirements;

namespace Pipeline.Aws.Tests;

/// <summary>
/// The Lambda operations a weighted alias shift uses, against moto over real HTTP with SigV4: an image function, its
/// versions, an alias moved with weights and cleared with an explicit empty map. (moto runs invocations in containers
/// from public registries, which are not reachable here: Invoke is checked against botocore and a stub instead.)
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class LambdaMotoTests(MotoServer moto)
{
    [FactRequiring(Requirement.Moto)]
    public async Task An_image_function_its_versions_and_a_weighted_alias()
    {
        using var lambda = new LambdaClient(Options());
        var name = MotoServer.UniqueName("api");
        var role = await RoleAsync(name);
        var image = $"{moto.AccountId}.dkr.ecr.us-east-1.amazonaws.com/api@sha256:{new string('a', 64)}";

        var created = await lambda.CreateFunctionAsync(
            new CreateFunctionRequest
            {
                FunctionName = name,
                Role = role,
                PackageType = LambdaValues.PackageType.Image,
                Code = new FunctionCode { ImageUri = image },
                Timeout = 10,
                MemorySize = 256,
                Environment = new LambdaEnvironment { Variables = new Dictionary<string, string> { ["STAGE"] = "dev" } },
            },
            CancellationToken.None);
        await lambda.WaitUntilActiveAsync(name, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var v1 = await lambda.PublishVersionAsync(new PublishVersionRequest { FunctionName = name, Description = "1.0.0 sha256:aa" }, CancellationToken.None);
        await lambda.UpdateFunctionCodeAsync(new UpdateFunctionCodeRequest { FunctionName = name, ImageUri = image.Replace(new string('a', 64), new string('b', 64), StringComparison.Ordinal) }, CancellationToken.None);
        await lambda.WaitUntilUpdatedAsync(name, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        var v2 = await lambda.PublishVersionAsync(new PublishVersionRequest { FunctionName = name, Description = "2.0.0 sha256:bb" }, CancellationToken.None);
        var alias = await lambda.CreateAliasAsync(new CreateAliasRequest { FunctionName = name, Name = "live", FunctionVersion = v1.Version! }, CancellationToken.None);

        var shifted = await lambda.UpdateAliasAsync(
            new UpdateAliasRequest { FunctionName = name, Name = "live", RoutingConfig = AliasRoutingConfiguration.To(v2.Version!, 0.1), RevisionId = alias.RevisionId },
            CancellationToken.None);
        var read = await lambda.GetAliasAsync(new GetAliasRequest { FunctionName = name, Name = "live" }, CancellationToken.None);
        var cleared = await lambda.UpdateAliasAsync(
            new UpdateAliasRequest { FunctionName = name, Name = "live", FunctionVersion = v2.Version, RoutingConfig = AliasRoutingConfiguration.None },
            CancellationToken.None);

        Assert.Equal((LambdaValues.PackageType.Image, "$LATEST"), (created.PackageType, created.Version));
        Assert.Equal(("1", "2"), (v1.Version, v2.Version));
        Assert.Equal(0.1, shifted.RoutingConfig!.AdditionalVersionWeights![v2.Version!]);
        Assert.Equal(("1", 0.1), (read.FunctionVersion, read.RoutingConfig!.AdditionalVersionWeights![v2.Version!]));
        Assert.Equal("2", cleared.FunctionVersion);
        Assert.Empty(cleared.RoutingConfig?.AdditionalVersionWeights ?? new Dictionary<string, double>());
        Assert.Equal(["$LATEST", "1", "2"], (await lambda.ListAllVersionsAsync(name, CancellationToken.None)).Select(v => v.Version));
        Assert.Equal(["2.0.0 sha256:bb"], (await lambda.ListAllVersionsAsync(name, CancellationToken.None)).Where(v => v.Version == "2").Select(v => v.Description));
        Assert.Equal(["live"], (await lambda.ListAllAliasesAsync(name, CancellationToken.None)).Select(a => a.Name));
        var configuration = await lambda.GetFunctionConfigurationAsync(new GetFunctionConfigurationRequest { FunctionName = name, Qualifier = "live" }, CancellationToken.None);
        Assert.Equal("dev", configuration.Environment!.Variables!["STAGE"]);
    }

    [FactRequiring(Requirement.Moto)]
    public async Task A_missing_function_is_ResourceNotFoundException_and_a_deleted_one_is_gone()
    {
        using var lambda = new LambdaClient(Options());
        var name = MotoServer.UniqueName("gone");
        await lambda.CreateFunctionAsync(
            new CreateFunctionRequest { FunctionName = name, Role = await RoleAsync(name), PackageType = LambdaValues.PackageType.Image, Code = new FunctionCode { ImageUri = $"{moto.AccountId}.dkr.ecr.us-east-1.amazonaws.com/gone:1" } },
            CancellationToken.None);

        var deleted = await lambda.DeleteFunctionAsync(new DeleteFunctionRequest { FunctionName = name }, CancellationToken.None);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => lambda.GetFunctionAsync(new GetFunctionRequest { FunctionName = name }, CancellationToken.None));

        Assert.InRange(deleted.StatusCode ?? 0, 200, 299);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.StartsWith("Lambda GetFunction failed: ResourceNotFoundException", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> RoleAsync(string name)
    {
        using var http = new HttpClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["Version"] = "2010-05-08",
            ["RoleName"] = name,
            ["AssumeRolePolicyDocument"] = "{}",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.Endpoint) { Content = form };
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return $"arn:aws:iam::{moto.AccountId}:role/{name}";
    }

    private AwsClientOptions Options() => new()
    {
        Region = "us-east-1",
        ServiceUrl = moto.Endpoint,
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxRetries = 0,
    };
}
