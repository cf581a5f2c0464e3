using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing.Deploy.Contract;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>The platform contract on the Process platform: the published sample as processes behind the edge.</summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessPlatformContractTests(SamplePublish sample, ITestOutputHelper output)
    : LocalPlatformContract(new ProcessUnderTest(sample), output)
{
    [Fact]
    public Task Zero_failed_requests_across_deploys() => Two_deploys_switch_the_version_with_zero_failed_requests_under_load();

    [Fact]
    public Task Never_healthy_rolls_back() => A_revision_that_never_becomes_healthy_rolls_back_and_production_keeps_the_old_one();

    [Fact]
    public Task Failed_smoke_test_rolls_back() => A_failed_smoke_test_on_the_test_listener_rolls_back_before_production_sees_it();

    [Fact]
    public Task Error_rate_rolls_back() => An_error_rate_over_the_threshold_during_bake_rolls_back();

    [Fact]
    public Task Cancel_rolls_back() => Cancelling_during_bake_rolls_back_and_the_record_says_cancelled();

    [Fact]
    public Task Rollback_on_demand() => On_demand_rollback_returns_to_the_previous_version();

    [Fact]
    public Task Down_stops_everything() => Down_stops_everything_it_started();

    [Fact]
    public Task Kill_9_converges() => Kill_9_mid_shift_then_a_rerun_converges_to_one_version();

    [Fact]
    public Task Corrupt_state_is_rebuilt_without_an_outage() => A_corrupt_or_missing_current_json_is_rebuilt_from_what_runs_with_zero_failed_requests();

    [Fact]
    public Task Lost_edge_token_recovers_without_downtime() => A_lost_edge_token_is_recovered_without_downtime();

    [Fact]
    public Task Down_deleting_data_names_it() => Down_deleting_data_names_what_it_deletes();

    [Fact]
    public Task Port_in_use_is_named() => A_public_port_in_use_is_refused_naming_the_port();

    private sealed class ProcessUnderTest(SamplePublish sample) : IPlatformUnderTest
    {
        public IReadOnlyList<string> DriverArtefacts => ["--release", sample.Directory];

        public TimeSpan HealthTimeout => TimeSpan.FromSeconds(30);

        public PlatformSettings Settings(int publicPort, int testPort) => new ProcessPlatformSettings
        {
            PublicPort = publicPort,
            TestPort = testPort,
            Environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "sqlite",
                ["ConnectionStrings__Default"] = "Data Source={data}/sample.db",
            },
            Database = new MigrationTarget("sqlite", "Data Source={data}/sample.db"),
            Options = new ProcessPlatformOptions { StopGracePeriod = TimeSpan.FromSeconds(5), DrainTimeout = TimeSpan.FromSeconds(5) },
        };

        public DeploySpec Spec(string version, string root, string environment) => new()
        {
            Version = version,
            GitSha = "abc1234",
            PublishDirectory = sample.Directory,
            SmokeTests = new SmokeTests().Http("ready", "/health/ready").Http("version", "/version", c => c.JsonValue("version", version)),
            Migrate = (target, ct) => SampleSchema.EnsureAsync(target!.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal), ct),
        };

        /// <summary>Processes running a release copy of the environment, found by command line (not from its own records).</summary>
        public Task<IReadOnlyList<string>> RunningAsync(string root, string environment)
        {
            var releases = Path.Combine(root, ".pipeline", "environments", environment, "releases") + "/";
            var running = new List<string>();
            foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
            {
                try
                {
                    var commandLine = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ');
                    if (commandLine.Contains(releases, StringComparison.Ordinal))
                    {
                        running.Add($"pid {Path.GetFileName(process)}: {commandLine}");
                    }
                }
                catch (IOException)
                {
                    // the process ended while we looked
                }
                catch (UnauthorizedAccessException)
                {
                    // not ours
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(running);
        }
    }
}
