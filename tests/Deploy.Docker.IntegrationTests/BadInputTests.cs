using System.Net;
using System.Net.Sockets;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>Bad input on the Docker platform: one line each, saying what, where and what to do.</summary>
[Collection(DockerCollection.Name)]
public sealed class BadInputTests(SampleImage image, ITestOutputHelper output)
{
    [Fact]
    public async Task No_docker_engine_names_DOCKER_HOST_and_how_to_start_one()
    {
        var socket = new Uri($"unix:///tmp/pipeline-no-engine-{Guid.NewGuid():N}.sock");
        await using var env = DockerTestEnvironment.Create(image, output, database: false, dockerEndpoint: socket);
        var e = await Assert.ThrowsAsync<DockerUnavailableException>(() => env.Engine.DeployAsync(Bare(env, "sha256:" + new string('a', 64)), CancellationToken.None));
        output.WriteLine(e.Message);
        Assert.Contains(socket.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", e.Message, StringComparison.Ordinal);
        Assert.Contains("eng/docker-engine.sh", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [TheoryRequiring(Requirement.Docker)]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("pipeline-deploy-docker-tests:no-such-tag")]
    public async Task An_image_that_is_not_there_fails_the_deploy_with_one_line(string source)
    {
        await using var env = DockerTestEnvironment.Create(image, output, database: false);
        var record = await env.Engine.DeployAsync(Bare(env, source), CancellationToken.None);
        output.WriteLine(DeploymentReport.ToText(record));
        Assert.False(record.Succeeded);
        Assert.Equal(RollbackTrigger.Failure, record.RollbackReason!.Trigger);
        Assert.Contains($"image {source} not found on the Docker engine", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.Equal(DeployRemedy.BuildImage, record.RollbackReason.Remedy);
        Assert.DoesNotContain("build.sh", record.RollbackReason.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', record.RollbackReason.Message);
        Assert.Empty(await env.AppContainersAsync());
    }

    [FactRequiring(Requirement.Docker)]
    public async Task A_public_port_in_use_is_named()
    {
        await using var env = DockerTestEnvironment.Create(image, output, database: false);
        using var squatter = new TcpListener(IPAddress.Loopback, env.Folder.EdgePorts.Public);
        squatter.Start();
        var e = await Assert.ThrowsAsync<DeployException>(() => env.Engine.DeployAsync(Bare(env, image.Id), CancellationToken.None));
        output.WriteLine(e.Message);
        Assert.Contains($"127.0.0.1:{env.Folder.EdgePorts.Public} is already in use", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(await env.AppContainersAsync());
    }

    private static DeployRequest Bare(DockerTestEnvironment env, string source) =>
        env.Request("1.0.0") with
        {
            Release = new Release("1.0.0", source),
            BeforeTrafficShift = null,
            HealthTimeout = TimeSpan.FromSeconds(5),
        };
}
