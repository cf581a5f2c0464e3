using System.Net.Http.Headers;
using System.Text;
using Pipeline.Images.IntegrationTests.Support;
using Pipeline.Images.Pushing;
using Pipeline.Testing;
using Pipeline.Testing.Images;
using Pipeline.Testing.Requirements;
using static Pipeline.Images.IntegrationTests.Support.Docker;

namespace Pipeline.Images.IntegrationTests;

[Collection(RegistryCollection.Name)]
public sealed class PushTests(RegistryServer registry)
{
    private RegistryCredentials Credentials => new(registry.Host, registry.Username, registry.Password);

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Pushes_records_the_digest_and_skips_an_unchanged_second_push()
    {
        var logger = new ListLogger();
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var pusher = new ImagePusher(docker, registryClient, logger);
        var image = await BuildHelloAsync(docker, logger, "pipeline-test/push", Guid.NewGuid().ToString("N"));
        var target = ImageReference.Parse($"{registry.Host}/team/push-api:sha-0f1e2d3c4b5a");
        try
        {
            var first = await pusher.PushAsync(image.Id, target, Credentials, CancellationToken.None);

            Assert.False(first.Skipped);
            Assert.Matches("^sha256:[a-f0-9]{64}$", first.Digest);
            Assert.Equal($"{registry.Host}/team/push-api@{first.Digest}", first.Pinned);
            Assert.True(first.LayersPushed >= 1, "the new top layer is uploaded");
            Assert.Equal(first.Digest, await RegistryDigestAsync("team/push-api", "sha-0f1e2d3c4b5a"));

            var directory = Path.Combine(Path.GetTempPath(), "push-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(directory);
            await DigestRecord.WriteAsync(first, Path.Combine(directory, "image.txt"), CancellationToken.None);
            Assert.Equal(first.Pinned + "\n", await File.ReadAllTextAsync(Path.Combine(directory, "image.txt")));

            var uploadsBefore = registry.BlobUploads;
            var second = await pusher.PushAsync(image.Id, target, Credentials, CancellationToken.None);

            Assert.True(second.Skipped);
            Assert.Equal(first.Digest, second.Digest);
            Assert.Equal(uploadsBefore, registry.BlobUploads);
            Assert.Contains(logger.Lines, l => l == $"Skipped push: {registry.Host} already holds {target} at {first.Digest}");
        }
        finally
        {
            await RemoveAsync(image.Id);
        }
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Wrong_password_is_one_clear_line()
    {
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var pusher = new ImagePusher(docker, registryClient, new ListLogger());
        var target = ImageReference.Parse($"{registry.Host}/team/denied:1");
        var image = await BuildHelloAsync(docker, new ListLogger(), "pipeline-test/shared", "shared");

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() =>
            pusher.PushAsync(image.Id, target, Credentials with { Password = "wrong" }, CancellationToken.None));

        Assert.Equal(
            $"Registry {registry.Host} rejected the credentials (401 Unauthorized on /v2/team/denied/manifests/1); check the registry username and password (for ECR, the AWS credentials and region).",
            error.Message);
        await RemoveAsync(image.Id);
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Missing_local_image_says_build_first()
    {
        using var docker = DockerConnection.Open();
        using var registryClient = new RegistryClient();
        var pusher = new ImagePusher(docker, registryClient, new ListLogger());

        var error = await Assert.ThrowsAsync<ImagePushException>(() =>
            pusher.PushAsync("pipeline-test/never-built:1", ImageReference.Parse($"{registry.Host}/team/api:1"), Credentials, CancellationToken.None));

        Assert.Equal("Local image pipeline-test/never-built:1 does not exist in the Docker engine; build it first (the Image target).", error.Message);
    }

    // Independent of RegistryClient: what the registry itself says the tag points at.
    private async Task<string?> RegistryDigestAsync(string repository, string tag)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(registry.Endpoint, $"v2/{repository}/manifests/{tag}"));
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }
}
