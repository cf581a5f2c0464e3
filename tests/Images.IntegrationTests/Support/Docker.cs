using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Images.Building;
using Pipeline.Testing;
using Pipeline.Testing.Images;

namespace Pipeline.Images.IntegrationTests.Support;

/// <summary>What the tests do with the engine besides the code under test: build the asset, pull, run, clean up.</summary>
public static class Docker
{
    public const string Sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f001234567";

    /// <summary>Builds Assets/hello as a distinct image (the suffix changes its last layer) tagged in <paramref name="repository"/>.</summary>
    public static Task<BuiltImage> BuildHelloAsync(DockerConnection connection, ILogger logger, string repository, string suffix) =>
        new ImageBuilder(connection, logger).BuildAsync(
            new ImageBuildRequest(ImageAssets.Hello, repository)
            {
                BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = TestImages.Debian, ["GREETING_SUFFIX"] = suffix },
                Source = new ImageSource(Sha, "main", null, "https://github.com/pipeline-dev/pipeline", new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
            },
            CancellationToken.None);

    /// <summary>Pulls <paramref name="reference"/> (e.g. by digest) with credentials, through the engine.</summary>
    public static async Task PullAsync(string reference, string username, string password, string serverAddress)
    {
        using var client = new DockerClientBuilder().Build();
        string? error = null;
        await client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = reference },
            new AuthConfig { Username = username, Password = password, ServerAddress = serverAddress },
            new Sync(m => error ??= m.Error?.Message));
        Assert.True(error is null, $"pull of {reference} failed: {error}");
    }

    /// <summary>Runs the image to completion; returns its exit code and stdout.</summary>
    public static async Task<(long ExitCode, string Output)> RunAsync(string image)
    {
        using var client = new DockerClientBuilder().Build();
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = image });
        try
        {
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var wait = await client.Containers.WaitContainerAsync(created.ID);
            using var logs = await client.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            return (wait.StatusCode, stdout + stderr);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    public static async Task<ImageInspectResponse> InspectAsync(string image)
    {
        using var client = new DockerClientBuilder().Build();
        return await client.Images.InspectImageAsync(image);
    }

    /// <summary>Removes an image (by id, tag or digest reference) with all its tags (best effort).</summary>
    public static async Task RemoveAsync(string image)
    {
        using var client = new DockerClientBuilder().Build();
        try
        {
            var id = (await client.Images.InspectImageAsync(image)).ID;
            await client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true });
        }
        catch (DockerApiException)
        {
            // Already gone or still used by another test's container: harmless.
        }
    }

    /// <summary>Removes one tag, never the image behind it (the tests tag shared base images too).</summary>
    public static async Task UntagAsync(string reference)
    {
        using var client = new DockerClientBuilder().Build();
        try
        {
            await client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { NoPrune = true });
        }
        catch (DockerApiException)
        {
            // Already gone: harmless.
        }
    }

    private sealed class Sync(Action<JSONMessage> report) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => report(value);
    }
}
