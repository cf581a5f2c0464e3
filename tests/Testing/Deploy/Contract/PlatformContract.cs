using Pipeline.Deploy;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// The behaviour every deployment platform shares, written once as facts that each platform's test class inherits: a
/// check added here runs on Process, Docker and Amazon ECS with no further wiring, so they are held to the same
/// zero-downtime, rollback and convergence behaviour. A platform's class says what its platform needs with
/// <see cref="RequiresAttribute"/> (Docker, a registry); every inherited check is then skipped or failed by that rule.
/// What only the platforms behind Pipeline's local edge have (their current.json, the edge's token and error-rate
/// watch, a data folder, ports they bind themselves) is in <see cref="LocalPlatformContract"/>: a managed platform
/// derives from this class and those checks do not exist for it by construction. Where platforms differ in how a check
/// is observed (mid-shift, after a kill -9), the <see cref="IPlatformUnderTest"/> says.
/// </summary>
public abstract class PlatformContract(IPlatformUnderTest platform, ITestOutputHelper output)
{
    protected IPlatformUnderTest Platform { get; } = platform;

    protected ITestOutputHelper Output { get; } = output;

    [FactRequiring]
    public async Task Two_deploys_switch_the_version_with_zero_failed_requests_under_load()
    {
        await using var env = ContractEnvironment.Create(Platform, Output);
        var first = await env.DeployAsync(env.Spec("1.0.0"));
        Assert.True(first.Succeeded, first.RollbackReason?.Message);
        Assert.Equal("1.0.0", await env.VersionAsync());

        var load = new LoadGenerator(env.PublicUrl, "/health/live", concurrency: 4);
        var second = await env.DeployAsync(env.Spec("1.1.0"));
        await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // what serves after the deploy answers too
        await load.DisposeAsync();
        Output.WriteLine(load.ToString());
        Assert.True(load.Total > 20, $"too little load to judge: {load}");
        Assert.Equal(0, load.Failed);

        Assert.True(second.Succeeded, second.RollbackReason?.Message);
        Assert.Equal("1.0.0", second.PreviousVersion);
        Assert.Equal("1.1.0", await env.VersionAsync());
        Assert.Contains("1.1.0", await env.Environment.StatusAsync(5, CancellationToken.None), StringComparison.Ordinal);
    }

    [FactRequiring]
    public async Task A_revision_that_never_becomes_healthy_rolls_back_and_production_keeps_the_old_one()
    {
        await using var env = await DeployedAsync("1.0.0");
        var record = await env.DeployAsync(env.Spec("2.0.0", ("SAMPLE_FAULT", "unhealthy")) with { HealthTimeout = TimeSpan.FromSeconds(4) });

        AssertRolledBack(record, RollbackTrigger.NeverHealthy);
        await AssertServesAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task A_failed_smoke_test_on_the_test_listener_rolls_back_before_production_sees_it()
    {
        await using var env = await DeployedAsync("1.0.0");
        var spec = env.Spec("2.0.0") with
        {
            SmokeTests = new SmokeTests().Http("version is 9.9.9", "/version", c => c.JsonValue("version", "9.9.9")),
        };

        var record = await env.DeployAsync(spec);

        AssertRolledBack(record, RollbackTrigger.SmokeTestFailed);
        Assert.DoesNotContain(record.Stages, s => s.Stage == DeploymentStage.ProductionTrafficShift);
        await AssertServesAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task Cancelling_during_bake_rolls_back_and_the_record_says_cancelled()
    {
        await using var env = await DeployedAsync("1.0.0");
        using var cancel = new CancellationTokenSource();
        var spec = env.Spec("2.0.0") with { Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(200) } };

        var deploy = env.DeployAsync(spec, cancel.Token);
        await Eventually.WaitForAsync(async () => await env.VersionAsync() == "2.0.0", TimeSpan.FromSeconds(60), "production on 2.0.0");
        await cancel.CancelAsync();
        var record = await deploy;

        AssertRolledBack(record, RollbackTrigger.Cancelled);
        await AssertServesAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task On_demand_rollback_returns_to_the_previous_version()
    {
        await using var env = await DeployedAsync("1.0.0");
        Assert.True((await env.DeployAsync(env.Spec("1.1.0"))).Succeeded);

        var template = env.Spec("rollback") with { SmokeTests = new SmokeTests().Http("ready", "/health/ready") };
        var rollback = await env.Environment.RollbackAsync(template, CancellationToken.None);

        Assert.True(rollback.Succeeded, rollback.RollbackReason?.Message);
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        await AssertServesAsync(env, "1.0.0");
    }

    [FactRequiring]
    public async Task Down_stops_everything_it_started()
    {
        await using var env = await DeployedAsync("1.0.0");
        Assert.NotEmpty(await Platform.RunningAsync(env.Root, env.Name));

        var stopped = await env.Environment.DownAsync(CancellationToken.None);

        Assert.NotEmpty(stopped);
        Assert.Empty(await Platform.RunningAsync(env.Root, env.Name));
        await Assert.ThrowsAnyAsync<HttpRequestException>(env.VersionAsync);
    }

    [FactRequiring]
    public async Task Kill_9_mid_shift_then_a_rerun_converges_to_one_version()
    {
        await using var env = await DeployedAsync("1.0.0");
        using var driver = env.StartDriver("deploy", "--version", "2.0.0", "--shift", "linear:10:1s", "--bake", "1s");
        await Eventually.WaitForAsync(async () =>
        {
            if (driver.HasExited)
            {
                Assert.Fail($"the driver ended ({driver.ExitCode}) before the shift: {await driver.StandardOutput.ReadToEndAsync()} {await driver.StandardError.ReadToEndAsync()}");
            }

            return await Platform.MidShiftAsync(env);
        }, TimeSpan.FromSeconds(120), "traffic split between the old and the new revision");
        var driverPid = driver.Id;
        driver.Kill(entireProcessTree: false); // SIGKILL: no rollback, no clean up
        await driver.WaitForExitAsync();
        Output.WriteLine($"killed the driver (pid {driverPid}) mid-shift");

        await Platform.AfterKillAsync(env, driverPid);

        var rerun = await env.DeployAsync(env.Spec("3.0.0"));

        Assert.True(rerun.Succeeded, rerun.RollbackReason?.Message);
        Assert.Equal("1.0.0", rerun.PreviousVersion);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("3.0.0", await env.VersionAsync());
        }

        Assert.Single(await Platform.RunningAsync(env.Root, env.Name));
        await Platform.AfterRerunAsync(env, rerun);
    }

    protected async Task<ContractEnvironment> DeployedAsync(string version)
    {
        var env = ContractEnvironment.Create(Platform, Output);
        var record = await env.DeployAsync(env.Spec(version));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        return env;
    }

    protected static void AssertRolledBack(DeploymentRecord record, RollbackTrigger trigger)
    {
        Assert.False(record.Succeeded);
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(trigger, record.RollbackReason?.Trigger);
    }

    protected static async Task AssertServesAsync(ContractEnvironment env, string version)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(version, await env.VersionAsync());
        }

        Assert.Single((await env.Platform.RunningAsync(env.Root, env.Name)));
    }
}
