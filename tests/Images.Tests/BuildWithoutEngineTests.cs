using Pipeline.Images.Building;
using Pipeline.Testing.Images;

namespace Pipeline.Images.Tests;

/// <summary>What a build says before or without a Docker engine: no engine reachable, a bad repository reference.</summary>
public sealed class BuildWithoutEngineTests
{
    [Fact]
    public async Task No_engine_reachable_says_where_and_how_to_start_one()
    {
        using var docker = DockerConnection.Open(new Uri("unix:///tmp/pipeline-no-such-docker.sock"));

        var error = await Assert.ThrowsAsync<DockerEngineUnavailableException>(() => new ImageBuilder(docker, new ListLogger()).BuildAsync(
            new ImageBuildRequest(ImageAssets.Hello, "pipeline-test/hello"), CancellationToken.None));

        Assert.StartsWith("No Docker engine answers at unix:///tmp/pipeline-no-such-docker.sock", error.Message, StringComparison.Ordinal);
        Assert.Contains("eng/docker-engine.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Bad_repository_reference_fails_before_the_engine_is_asked()
    {
        using var docker = DockerConnection.Open(new Uri("unix:///tmp/pipeline-no-such-docker.sock"));

        var error = await Assert.ThrowsAsync<InvalidImageReferenceException>(() => new ImageBuilder(docker, new ListLogger()).BuildAsync(
            new ImageBuildRequest(ImageAssets.Hello, "Pipeline/Sample API"), CancellationToken.None));

        Assert.Equal(
            "Image reference 'Pipeline/Sample API' is invalid: it contains whitespace; expected [registry/]repository[:tag][@sha256:digest], e.g. registry.example.com/team/api:1.0.",
            error.Message);
    }
}
