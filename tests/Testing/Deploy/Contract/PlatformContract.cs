using Pipeline.Deploy;
using Pipeline.Deploy.Edge;
using Pipeline.Deploy.Smoke;
using Xunit.Abstractions;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// The behaviour every deployment platform shares, written once: each platform's test class derives from this and
/// exposes each check as a fact (with the skip rule its platform needs), so Process, Docker — and the next platform —
/// are held to the same rollback, convergence and bad-input behaviour.
/// </summary>
public abstract class PlatformContract(IPlatformUnderTest platform, ITestOutputHelper output)
{
    protected IPlatformUnderTest Platform { get; } = platform;

    protected ITestOutputHelper Output { get; } = output;

    protected async Task Two_deploys_switch_the_version_with_zero_failed_requests_under_load()
    {
        await using var env = ContractEnvironment.Create(Platform, Output);
        var first = await env.DeployAsync(env.Spec("1.0.0"));
        Assert.True(first.Succeeded, first.RollbackReason?.Message);
        Assert.Equal("1.0.0", await env.VersionAsync());

        var load = new LoadGenerator(env.PublicUrl, "/health/live", concurrency: 4);
        var second = await env.DeployAsync(env.Spec("1.1.0"));
        await Task.Delay(300);
        await load.DisposeAsync();
        Output.WriteLine(load.ToString());
        Assert.True(load.Total > 20, $"too little load to judge: {load}");
        Assert.Equal(0, load.Failed);

        Assert.True(second.Succeeded, second.RollbackReason?.Message);
        Assert.Equal("1.0.0", second.PreviousVersion);
        Assert.Equal("1.1.0", await env.VersionAsync());
        Assert.Contains("1.1.0", await env.Environment.StatusAsync(5, CancellationToken.None), StringComparison.Ordinal);
    }

    protected async Task A_revision_that_never_becomes_healthy_rolls_back_and_production_keeps_the_old_one()
    {
        await using var env = await DeployedAsync("1.0.0");
        var record = await env.DeployAsync(env.Spec("2.0.0", ("SAMPLE_FAULT", "unhealthy")) with { HealthTimeout = TimeSpan.FromSeconds(4) });

        AssertRolledBack(record, RollbackTrigger.NeverHealthy);
        await AssertServesAsync(env, "1.0.0");
    }

    protected async Task A_failed_smoke_test_on_the_test_listener_rolls_back_before_production_sees_it()
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

    protected async Task An_error_rate_over_the_threshold_during_bake_rolls_back()
    {
        await using var env = await DeployedAsync("1.0.0");
        var spec = env.Spec("2.0.0", ("SAMPLE_FAULT", "errors"), ("SAMPLE_FAULT_RATE", "0.5")) with
        {
            Bake = new BakeSettings { Duration = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(200), MinimumRequests = 10 },
        };

        await using var load = new LoadGenerator(env.PublicUrl, "/todos", concurrency: 4);
        var record = await env.DeployAsync(spec);

        AssertRolledBack(record, RollbackTrigger.ErrorRate);
        await AssertServesAsync(env, "1.0.0");
    }

    protected async Task Cancelling_during_bake_rolls_back_and_the_record_says_cancelled()
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

    protected async Task On_demand_rollback_returns_to_the_previous_version()
    {
        await using var env = await DeployedAsync("1.0.0");
        Assert.True((await env.DeployAsync(env.Spec("1.1.0"))).Succeeded);

        var template = env.Spec("rollback") with { SmokeTests = new SmokeTests().Http("ready", "/health/ready") };
        var rollback = await env.Environment.RollbackAsync(template, CancellationToken.None);

        Assert.True(rollback.Succeeded, rollback.RollbackReason?.Message);
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        await AssertServesAsync(env, "1.0.0");
    }

    protected async Task Down_stops_everything_it_started()
    {
        await using var env = await DeployedAsync("1.0.0");
        Assert.NotEmpty(await Platform.RunningAsync(env.Root, env.Name));

        var stopped = await env.Environment.DownAsync(CancellationToken.None);

        Assert.NotEmpty(stopped);
        Assert.Empty(await Platform.RunningAsync(env.Root, env.Name));
        await Assert.ThrowsAnyAsync<HttpRequestException>(env.VersionAsync);
    }

    protected async Task Down_deleting_data_names_what_it_deletes()
    {
        await using var env = await DeployedAsync("1.0.0");
        var data = Path.Combine(env.Root, ".pipeline", "environments", env.Name, "data");
        Assert.True(Directory.Exists(data), "the environment keeps data (a database file, a password) in its data folder");

        var done = await env.Environment.DownDeletingDataAsync(CancellationToken.None);
        Output.WriteLine(string.Join("\n", done));

        Assert.Contains($"data folder {data}: deleted", done);
        Assert.False(Directory.Exists(data));
        Assert.Empty(await Platform.RunningAsync(env.Root, env.Name));
    }

    protected async Task Kill_9_mid_shift_then_a_rerun_converges_to_one_version()
    {
        await using var env = await DeployedAsync("1.0.0");
        using var driver = env.StartDriver("deploy", "--version", "2.0.0", "--shift", "linear:10:1s", "--bake", "1s");
        await Eventually.WaitForAsync(async () =>
        {
            if (driver.HasExited)
            {
                Assert.Fail($"the driver ended ({driver.ExitCode}) before the shift: {await driver.StandardOutput.ReadToEndAsync()} {await driver.StandardError.ReadToEndAsync()}");
            }

            var routes = (await env.EdgeStateAsync()).Routes;
            return routes.WeightOf(EdgeColour.Green) is >= 20 and < 100;
        }, TimeSpan.FromSeconds(90), "traffic split between the colours");
        var driverPid = driver.Id;
        driver.Kill(entireProcessTree: false); // SIGKILL: no rollback, no clean up
        await driver.WaitForExitAsync();
        Assert.Equal(2, (await Platform.RunningAsync(env.Root, env.Name)).Count);
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        Output.WriteLine(status);
        Assert.Contains("Deploy 2.0.0 by", status, StringComparison.Ordinal);
        Assert.Contains($": dead — the deploy that ran it (pid {driverPid}) is gone", status, StringComparison.Ordinal);
        Assert.Contains("the next Deploy puts production back on blue (1.0.0) and stops the orphan green (2.0.0)", status, StringComparison.Ordinal);

        var rerun = await env.DeployAsync(env.Spec("3.0.0"));

        Assert.True(rerun.Succeeded, rerun.RollbackReason?.Message);
        Assert.Contains("orphan", rerun.Stages[0].Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", rerun.PreviousVersion);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("3.0.0", await env.VersionAsync());
        }

        Assert.Single(await Platform.RunningAsync(env.Root, env.Name));
        Assert.Contains("Interrupted", await env.Environment.StatusAsync(5, CancellationToken.None), StringComparison.Ordinal);
    }

    protected async Task A_corrupt_or_missing_current_json_is_rebuilt_from_what_runs_with_zero_failed_requests()
    {
        await using var env = await DeployedAsync("1.0.0");
        Assert.True((await env.DeployAsync(env.Spec("1.1.0"))).Succeeded); // green serves: the rebuild must not guess blue
        await File.WriteAllTextAsync(env.StatePath, "{\"platform\": \"proc"); // cut short mid-write

        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        Output.WriteLine(status);
        Assert.Contains("current.json is not valid JSON", status, StringComparison.Ordinal);
        Assert.Contains("green     1.1.0 (active), weight 100 %", status, StringComparison.Ordinal);

        var load = new LoadGenerator(env.PublicUrl, "/health/live", concurrency: 4);
        var record = await env.DeployAsync(env.Spec("1.2.0"));
        await Task.Delay(300);
        await load.DisposeAsync();
        Output.WriteLine($"corrupt current.json, then Deploy under load: {load}");
        Assert.True(load.Total > 20, $"too little load to judge: {load}");
        Assert.Equal(0, load.Failed);
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal("1.1.0", record.PreviousVersion);
        Assert.Contains("rebuilt it from what runs", record.Stages[0].Message, StringComparison.Ordinal);
        await AssertServesAsync(env, "1.2.0");

        File.Delete(env.StatePath); // lost: Down finds what runs without it
        Assert.Contains("current.json is missing", await env.Environment.StatusAsync(5, CancellationToken.None), StringComparison.Ordinal);
        await env.Environment.DownAsync(CancellationToken.None);
        Assert.Empty(await Platform.RunningAsync(env.Root, env.Name));
    }

    protected async Task A_lost_edge_token_is_recovered_without_downtime()
    {
        await using var env = await DeployedAsync("1.0.0");
        var token = Path.Combine(env.EdgeDirectory, EdgeInfo.TokenFileName);
        File.Delete(token);

        var load = new LoadGenerator(env.PublicUrl, "/health/live", concurrency: 4);
        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        Output.WriteLine(status);
        Assert.Contains("  edge      pid ", status, StringComparison.Ordinal);
        Assert.True(File.Exists(token), "the edge writes its token again when asked");
        var record = await env.DeployAsync(env.Spec("1.1.0"));
        await Task.Delay(300);
        await load.DisposeAsync();
        Output.WriteLine($"lost edge token, then Status and Deploy under load: {load}");
        Assert.True(load.Total > 20, $"too little load to judge: {load}");
        Assert.Equal(0, load.Failed);
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        await AssertServesAsync(env, "1.1.0");
    }

    protected async Task A_public_port_in_use_is_refused_naming_the_port()
    {
        var (publicPort, _) = LoopbackPorts.FreePair();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, publicPort);
        squatter.Start();
        await using var env = ContractEnvironment.Create(new SquattedPort(Platform, publicPort), Output);

        var error = await Assert.ThrowsAnyAsync<DeployException>(() => env.Environment.DeployAsync(env.Spec("1.0.0"), CancellationToken.None));

        Assert.Contains(publicPort.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private async Task<ContractEnvironment> DeployedAsync(string version)
    {
        var env = ContractEnvironment.Create(Platform, Output);
        var record = await env.DeployAsync(env.Spec(version));
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        return env;
    }

    private static void AssertRolledBack(DeploymentRecord record, RollbackTrigger trigger)
    {
        Assert.False(record.Succeeded);
        Assert.Equal(DeploymentOutcome.RolledBack, record.Outcome);
        Assert.Equal(trigger, record.RollbackReason?.Trigger);
    }

    private static async Task AssertServesAsync(ContractEnvironment env, string version)
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(version, await env.VersionAsync());
        }

        Assert.Single((await env.Platform.RunningAsync(env.Root, env.Name)));
    }

    /// <summary>The platform under test with its public listener on a port something else holds.</summary>
    private sealed class SquattedPort(IPlatformUnderTest inner, int publicPort) : IPlatformUnderTest
    {
        public IReadOnlyList<string> DriverArtefacts => inner.DriverArtefacts;

        public TimeSpan HealthTimeout => inner.HealthTimeout;

        public Pipeline.Deploy.Environments.PlatformSettings Settings(int publicPort1, int testPort) => inner.Settings(publicPort, testPort);

        public Pipeline.Deploy.Environments.DeploySpec Spec(string version, string root, string environment) => inner.Spec(version, root, environment);

        public Task<IReadOnlyList<string>> RunningAsync(string root, string environment) => inner.RunningAsync(root, environment);
    }
}
