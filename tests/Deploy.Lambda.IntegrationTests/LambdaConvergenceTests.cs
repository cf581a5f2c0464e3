using Pipeline.Deploy.Lambda.IntegrationTests.Support;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Lambda.IntegrationTests;

/// <summary>
/// A deploy killed (SIGKILL) mid-shift leaves the alias split and its lock on the alias; Rollback — not only a new
/// Deploy, which the contract covers — converges: it takes the dead deploy's lock over, puts all production back on the
/// primary version without deploying anything, and the alias's history calls the dead deploy Interrupted.
/// </summary>
[Collection(LambdaPlatformCollection.Name)]
[Requires(Requirement.Docker, Requirement.AwsCli, Requirement.Registry)]
public sealed class LambdaConvergenceTests(LambdaPlatformFixture fixture, ITestOutputHelper output)
{
    [FactRequiring]
    public async Task Rollback_after_a_kill_9_mid_shift_puts_all_production_back_on_the_old_version()
    {
        var platform = new LambdaUnderTest(fixture);
        await using var env = ContractEnvironment.Create(platform, output);
        Assert.True((await env.DeployAsync(env.Spec("1.0.0"))).Succeeded);
        using var driver = env.StartDriver("deploy", "--version", "2.0.0", "--shift", "linear:10:1s", "--bake", "1s");
        await Eventually.WaitForAsync(async () =>
        {
            Assert.False(driver.HasExited, $"the driver ended before the shift: {(driver.HasExited ? await driver.StandardError.ReadToEndAsync() : "")}");
            return await platform.MidShiftAsync(env);
        }, TimeSpan.FromSeconds(120), "traffic split between the old and the new version");
        driver.Kill(entireProcessTree: false);
        await driver.WaitForExitAsync();
        Assert.Equal(2, (await platform.RunningAsync(env.Root, env.Name)).Count);

        var record = await env.Environment.RollbackAsync(env.Spec("rollback") with { SmokeTests = new Smoke.SmokeTests().Http("ready", "/health/ready") }, CancellationToken.None);

        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal("1.0.0", record.Release.Version);
        Assert.Contains("a stopped deploy left", record.Stages[0].Message, StringComparison.Ordinal);
        Assert.Equal(2, await VersionsCountAsync(env)); // 1.0.0 and the killed 2.0.0: the rollback published nothing
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("1.0.0", await env.VersionAsync());
        }

        Assert.Single(await platform.RunningAsync(env.Root, env.Name));
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        output.WriteLine(status);
        Assert.Contains("Deploy 2.0.0 (version 2): Interrupted", status, StringComparison.Ordinal);
        Assert.DoesNotContain("in progress:", status, StringComparison.Ordinal);
        fixture.Lambda.AssertExchangesConform();
    }

    /// <summary>How many versions the function has: a rollback publishes none.</summary>
    private async Task<int> VersionsCountAsync(ContractEnvironment env)
    {
        using var client = fixture.Client();
        return (await client.ListAllVersionsAsync(env.Name, CancellationToken.None)).Count(v => v.Version != "$LATEST");
    }
}
