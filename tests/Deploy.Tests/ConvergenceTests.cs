using System.Globalization;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Tests;

/// <summary>kill -9 of a deploy in the middle of the traffic shift, then a re-run: one consistent version.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ConvergenceTests(SamplePublish sample, ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_mid_shift_then_a_rerun_converges_to_one_version()
    {
        await using var env = TestEnvironment.Create(sample, output);
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

            var weight = (await env.EdgeStateAsync()).Routes.WeightOf(EdgeColour.Green);
            return weight is >= 20 and < 100;
        }, TimeSpan.FromSeconds(60));
        driver.Kill(entireProcessTree: false); // SIGKILL: no rollback, no clean up
        await driver.WaitForExitAsync();

        var split = await env.EdgeStateAsync();
        output.WriteLine($"after kill -9: {split.Routes}");
        Assert.True(split.Routes.WeightOf(EdgeColour.Green) is > 0 and < 100);
        var orphan = env.Environment.ReadState().Colours["green"];
        Assert.True(TestEnvironment.IsRunning(orphan.Pid!.Value), "the killed deploy's green process should outlive it");

        var rerun = await env.Engine.DeployAsync(env.Request("3.0.0"), CancellationToken.None);
        output.WriteLine(DeploymentReport.ToText(rerun));

        Assert.True(rerun.Succeeded);
        var reconcile = rerun.Stages[0];
        Assert.Equal(DeploymentStage.ReconcileService, reconcile.Stage);
        Assert.Contains($"stopped orphan green (2.0.0, pid {orphan.Pid.Value.ToString(CultureInfo.InvariantCulture)})", reconcile.Message, StringComparison.Ordinal);
        Assert.False(TestEnvironment.IsRunning(orphan.Pid.Value));
        Assert.Equal("1.0.0", rerun.PreviousVersion);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("3.0.0", await env.VersionAsync());
        }

        Assert.Single(env.Environment.ReadState().Colours);
        Assert.Single(env.LivePids());
        var interrupted = Assert.Single(env.Environment.History.List(), r => r.Release.Version == "2.0.0");
        Assert.Equal(DeploymentOutcome.Interrupted, interrupted.Outcome);
    }

    internal static System.Diagnostics.Process StartDriver(TestEnvironment env, params string[] args) =>
        DeployDriver.Start(args[0], [
            "--root", env.Root, "--env", env.Definition.Name,
            "--public-port", env.Definition.PublicPort.ToString(CultureInfo.InvariantCulture),
            "--test-port", env.Definition.TestPort.ToString(CultureInfo.InvariantCulture),
            "--release", env.Sample.Directory, "--grace", "5s", .. args[1..]]);
}
