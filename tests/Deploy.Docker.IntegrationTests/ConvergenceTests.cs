using System.Globalization;
using Docker.DotNet.Models;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Edge;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>kill -9 of a deploy in the middle of the traffic shift, then a re-run: one consistent version, no orphans.</summary>
[Collection(DockerCollection.Name)]
public sealed class ConvergenceTests(SampleImage image, ITestOutputHelper output)
{
    [DockerFact]
    public async Task Kill_9_mid_shift_then_a_rerun_removes_the_orphans_and_converges()
    {
        await using var env = DockerTestEnvironment.Create(image, output);
        var first = await env.Engine.DeployAsync(env.Request("1.0.0"), CancellationToken.None);
        Assert.True(first.Succeeded, DeploymentReport.ToText(first));

        // The driver deploys 2.0.0 in a child process, 10 % per second; kill it once traffic is split.
        using var driver = StartDriver(env, "deploy", "--version", "2.0.0", "--shift", "linear:10:1s", "--bake", "1s");
        await Eventually.WaitForAsync(async () =>
        {
            if (driver.HasExited)
            {
                Assert.Fail($"the driver ended ({driver.ExitCode}) before the shift: {await driver.StandardOutput.ReadToEndAsync()} {await driver.StandardError.ReadToEndAsync()}");
            }

            return (await env.EdgeStateAsync()).Routes.WeightOf(EdgeColour.Green) is >= 20 and < 100;
        }, TimeSpan.FromSeconds(90), "the driver's shift did not start within 90 s");
        driver.Kill(entireProcessTree: false); // SIGKILL: no rollback, no clean up
        await driver.WaitForExitAsync();
        var split = await env.EdgeStateAsync();
        output.WriteLine($"after kill -9: {split.Routes}");
        Assert.True(split.Routes.WeightOf(EdgeColour.Green) is > 0 and < 100);
        var orphan = env.Environment.ReadState().Colours["green"];
        Assert.Equal(2, (await env.AppContainersAsync()).Count(c => c.State == "running"));

        // A crash between creating a container and recording it leaves one only its labels know about.
        var unrecorded = await CreateUnrecordedContainerAsync(env);

        var rerun = await env.Engine.DeployAsync(env.Request("3.0.0"), CancellationToken.None);
        output.WriteLine(DeploymentReport.ToText(rerun));
        Assert.True(rerun.Succeeded);
        var reconcile = rerun.Stages[0];
        Assert.Equal(DeploymentStage.ReconcileService, reconcile.Stage);
        Assert.Contains($"removed orphan container {env.Platform.Docker.Prefix}-green (green 2.0.0, running)", reconcile.Message, StringComparison.Ordinal);
        Assert.Contains($"removed orphan container {env.Name}-unrecorded", reconcile.Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", rerun.PreviousVersion);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("3.0.0", await env.VersionAsync());
        }

        var left = Assert.Single(await env.AppContainersAsync());
        Assert.NotEqual(orphan.ContainerId, left.ID);
        Assert.NotEqual(unrecorded, left.ID);
        Assert.Equal("3.0.0", left.Labels["pipeline.version"]);
        Assert.Single(env.Environment.ReadState().Colours);
        var interrupted = Assert.Single(env.Environment.History.List(), r => r.Release.Version == "2.0.0");
        Assert.Equal(DeploymentOutcome.Interrupted, interrupted.Outcome);
    }

    private static async Task<string> CreateUnrecordedContainerAsync(DockerTestEnvironment env)
    {
        using var docker = TestDocker.Client();
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{env.Name}-unrecorded",
            Image = env.Image.Id,
            Labels = new Dictionary<string, string>
            {
                [DockerEnvironment.ManagedLabel] = "true",
                [DockerEnvironment.EnvironmentLabel] = env.Name,
                [DockerEnvironment.InstanceLabel] = env.Platform.Docker.Instance,
                [DockerEnvironment.RoleLabel] = "app",
                [DockerEnvironment.ColourLabel] = "green",
                [DockerEnvironment.VersionLabel] = "2.0.1",
            },
        });
        return created.ID;
    }

    internal static System.Diagnostics.Process StartDriver(DockerTestEnvironment env, params string[] args) =>
        DeployDriver.Start(args[0], [
            "--platform", DockerPlatform.PlatformName, "--root", env.Root, "--env", env.Name,
            "--public-port", env.Environment.Definition.PublicPort.ToString(CultureInfo.InvariantCulture),
            "--test-port", env.Environment.Definition.TestPort.ToString(CultureInfo.InvariantCulture),
            "--image", env.Image.Id, "--database-image", TestImages.Postgres, "--grace", "3s", .. args[1..]]);
}
