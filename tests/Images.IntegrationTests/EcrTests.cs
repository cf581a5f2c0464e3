using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Amazon.Runtime;
using Pipeline.Aws;
using Pipeline.Aws.Ecr;
using Pipeline.Images.Ecr;
using Pipeline.Images.IntegrationTests.Support;
using Pipeline.Images.Pushing;
using Pipeline.Testing;
using Pipeline.Testing.Aws;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;
using static Pipeline.Images.IntegrationTests.Support.Docker;

namespace Pipeline.Images.IntegrationTests;

[Collection(RegistryCollection.Name)]
public sealed class EcrTests(RegistryServer registry, MotoServer moto)
{
    private static readonly BasicAWSCredentials FakeKeys = new("test", "test");

    private EcrClient Ecr(Uri endpoint) => new(new AwsClientOptions { Region = "eu-west-1", ServiceUrl = endpoint, Credentials = FakeKeys });

    [FactRequiring(Requirement.Docker, Requirement.Registry, Requirement.Moto)]
    public async Task Token_login_push_then_pull_by_digest_and_run()
    {
        var logger = new ListLogger();
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        using var ecr = Ecr(moto.Endpoint);
        var publisher = new EcrPublisher(ecr, new ImagePusher(docker, registryClient, logger), logger);
        var suffix = "ecr-" + Guid.NewGuid().ToString("N")[..8];
        var image = await BuildHelloAsync(docker, logger, "pipeline-test/ecr", suffix);
        var repository = MotoServer.UniqueName("team/sample-api");
        var options = new EcrPushOptions(repository) { ScanOnPush = true, ImmutableTags = true, RegistryOverride = registry.Endpoint };
        string? pinned = null;
        try
        {
            var pushed = await publisher.PushAsync(image.Id, "sha-0f1e2d3c4b5a", options, CancellationToken.None);
            pinned = pushed.Pinned;

            Assert.False(pushed.Skipped);
            Assert.Equal($"{registry.Host}/{repository}@{pushed.Digest}", pushed.Pinned);
            var created = await ecr.FindRepositoryAsync(repository, CancellationToken.None);
            Assert.Equal(ImageTagMutability.Immutable, created?.ImageTagMutability);
            Assert.True(created?.ImageScanningConfiguration?.ScanOnPush);

            // The exact image, from the registry: drop every local copy, pull by digest, run it.
            await RemoveAsync(image.Id);
            await PullAsync(pushed.Pinned, "AWS", moto.EcrPassword, registry.Host);
            var (exitCode, output) = await RunAsync(pushed.Pinned);
            Assert.Equal(0, exitCode);
            Assert.Contains("hello from pipeline", output, StringComparison.Ordinal);
            Assert.Contains(suffix, output, StringComparison.Ordinal);

            var again = await publisher.PushAsync(pushed.Pinned, "sha-0f1e2d3c4b5a", options, CancellationToken.None);
            Assert.True(again.Skipped);
            Assert.Equal(pushed.Digest, again.Digest);
        }
        finally
        {
            await RemoveAsync(pinned ?? image.Id);
        }
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry, Requirement.Moto)]
    public async Task Immutable_tag_pointing_elsewhere_is_an_error_before_upload()
    {
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        using var ecr = Ecr(moto.Endpoint);
        var publisher = new EcrPublisher(ecr, new ImagePusher(docker, registryClient, new ListLogger()), new ListLogger());
        var repository = MotoServer.UniqueName("team/immutable");
        await ecr.EnsureRepositoryAsync(repository, scanOnPush: false, immutableTags: true, CancellationToken.None);
        var otherDigest = await PutImageAsync(ecr, repository, "v1");
        var image = await BuildHelloAsync(docker, new ListLogger(), "pipeline-test/shared", "shared");
        var uploadsBefore = registry.BlobUploads;

        var error = await Assert.ThrowsAsync<ImageTagImmutableException>(() => publisher.PushAsync(
            image.Id, "v1", new EcrPushOptions(repository) { ImmutableTags = true, RegistryOverride = registry.Endpoint }, CancellationToken.None));

        Assert.Equal(
            $"Tag v1 already exists in ECR repository {repository} at {otherDigest} (another image) and the repository's tags are immutable; push a new tag, e.g. the git sha, instead of overwriting it.",
            error.Message);
        Assert.Equal(uploadsBefore, registry.BlobUploads);
        await RemoveAsync(image.Id);
    }

    // Moto's PutImage stores a manifest under a tag: an image pushed "by someone else" that our local image is not.
    private static async Task<string> PutImageAsync(EcrClient ecr, string repository, string tag)
    {
        var manifest = """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}""";
        var request = new Dictionary<string, string> { ["repositoryName"] = repository, ["imageTag"] = tag, ["imageManifest"] = manifest };
        var options = JsonSerializerOptions.Default;
        using var response = await ecr.Client.SendAsync(
            "PutImage",
            request,
            (JsonTypeInfo<Dictionary<string, string>>)options.GetTypeInfo(typeof(Dictionary<string, string>)),
            (JsonTypeInfo<JsonDocument>)options.GetTypeInfo(typeof(JsonDocument)),
            CancellationToken.None);
        return response.RootElement.GetProperty("image").GetProperty("imageId").GetProperty("imageDigest").GetString()!;
    }
}
