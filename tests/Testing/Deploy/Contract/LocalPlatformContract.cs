using Pipeline.Deploy;
using Pipeline.Deploy.Edge;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Testing.Deploy.Contract;

/// <summary>
/// The contract of the platforms Pipeline drives behind its local edge (Process, Docker), on top of the shared
/// <see cref="PlatformContract"/>: state in current.json that can be corrupted or lost, the edge's token and its
/// error-rate watch during bake, a data folder Down can delete, and listener ports the platform binds itself. A managed
/// platform (Amazon ECS) has none of these — its state, metrics and listeners are the cloud's — so its tests derive from
/// <see cref="PlatformContract"/> alone.
/// </summary>
public abstract class LocalPlatformContract(IPlatformUnderTest platform, ITestOutputHelper output) : PlatformContract(platform, output)
{
    [FactRequiring]
    public async Task An_error_rate_over_the_threshold_during_bake_rolls_back()
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

    [FactRequiring]
    public async Task Down_deleting_data_names_what_it_deletes()
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

    [FactRequiring]
    public async Task A_corrupt_or_missing_current_json_is_rebuilt_from_what_runs_with_zero_failed_requests()
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
        await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // what serves after the deploy answers too
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

    [FactRequiring]
    public async Task A_lost_edge_token_is_recovered_without_downtime()
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
        await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // what serves after the deploy answers too
        await load.DisposeAsync();
        Output.WriteLine($"lost edge token, then Status and Deploy under load: {load}");
        Assert.True(load.Total > 20, $"too little load to judge: {load}");
        Assert.Equal(0, load.Failed);
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        await AssertServesAsync(env, "1.1.0");
    }

    [FactRequiring]
    public async Task A_killed_edge_is_started_again_by_itself_under_load_and_Status_says_so()
    {
        await using var env = await DeployedAsync("1.0.0");
        var before = await env.EdgeStateAsync();
        Assert.NotNull(before.SupervisorPid);

        await using var load = new LoadGenerator(env.PublicUrl, "/version", concurrency: 4);
        await load.AnsweredMoreAsync(50, TimeSpan.FromSeconds(30));
        System.Diagnostics.Process.GetProcessById(before.Pid).Kill(); // SIGKILL: no shutdown, edge.json left behind
        await Eventually.WaitForAsync(async () => await NewEdgeAnswersAsync(env, before.Pid), TimeSpan.FromSeconds(30), "a new edge to answer");
        await load.AnsweredMoreAsync(20, TimeSpan.FromSeconds(30)); // requests that met the dead edge have ended
        var failedOnceBack = load.Failed;
        await load.AnsweredMoreAsync(100, TimeSpan.FromSeconds(30));

        var status = await env.Environment.StatusAsync(5, CancellationToken.None);
        Output.WriteLine(status);
        Output.WriteLine($"edge killed under load: {load}");
        Assert.Contains($"started again by its supervisor (pid {before.SupervisorPid}) 1 time, last because the edge exited with code 137", status, StringComparison.Ordinal);
        Assert.Contains("1.0.0 (active), weight 100 %", status, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT SERVING", status, StringComparison.Ordinal);
        Assert.Equal(failedOnceBack, load.Failed); // once back, nothing fails
        await AssertServesAsync(env, "1.0.0");
    }

    private static async Task<bool> NewEdgeAnswersAsync(ContractEnvironment env, int killed)
    {
        try
        {
            return (await env.EdgeStateAsync()).Pid != killed && await env.VersionAsync() == "1.0.0";
        }
        catch (Exception e) when (e is EdgeException or HttpRequestException)
        {
            return false;
        }
    }

    [FactRequiring]
    public async Task A_public_port_in_use_is_refused_naming_the_port()
    {
        var (publicPort, _) = LoopbackPorts.FreePair();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, publicPort);
        squatter.Start();
        await using var env = ContractEnvironment.Create(new SquattedPort(Platform, publicPort), Output);

        var error = await Assert.ThrowsAnyAsync<DeployException>(() => env.Environment.DeployAsync(env.Spec("1.0.0"), CancellationToken.None));

        Assert.Contains(publicPort.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
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
