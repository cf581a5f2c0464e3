using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>The platform contract on the Docker platform: the sample's image as containers behind the edge, beside PostgreSQL.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerPlatformContractTests(SampleImage image, ITestOutputHelper output)
    : LocalPlatformContract(new DockerUnderTest(image), output)
{
    [DockerFact]
    public Task Zero_failed_requests_across_deploys() => Two_deploys_switch_the_version_with_zero_failed_requests_under_load();

    [DockerFact]
    public Task Never_healthy_rolls_back() => A_revision_that_never_becomes_healthy_rolls_back_and_production_keeps_the_old_one();

    [DockerFact]
    public Task Failed_smoke_test_rolls_back() => A_failed_smoke_test_on_the_test_listener_rolls_back_before_production_sees_it();

    [DockerFact]
    public Task Error_rate_rolls_back() => An_error_rate_over_the_threshold_during_bake_rolls_back();

    [DockerFact]
    public Task Cancel_rolls_back() => Cancelling_during_bake_rolls_back_and_the_record_says_cancelled();

    [DockerFact]
    public Task Rollback_on_demand() => On_demand_rollback_returns_to_the_previous_version();

    [DockerFact]
    public Task Down_stops_everything() => Down_stops_everything_it_started();

    [DockerFact]
    public Task Kill_9_converges() => Kill_9_mid_shift_then_a_rerun_converges_to_one_version();

    [DockerFact]
    public Task Corrupt_state_is_rebuilt_without_an_outage() => A_corrupt_or_missing_current_json_is_rebuilt_from_what_runs_with_zero_failed_requests();

    [DockerFact]
    public Task Lost_edge_token_recovers_without_downtime() => A_lost_edge_token_is_recovered_without_downtime();

    [DockerFact]
    public Task Down_deleting_data_names_it() => Down_deleting_data_names_what_it_deletes();

    [DockerFact]
    public Task Port_in_use_is_named() => A_public_port_in_use_is_refused_naming_the_port();

    private sealed class DockerUnderTest(SampleImage image) : IPlatformUnderTest
    {
        public IReadOnlyList<string> DriverArtefacts => ["--image", image.Id];

        public TimeSpan HealthTimeout => TimeSpan.FromSeconds(60);

        public PlatformSettings Settings(int publicPort, int testPort) =>
            SampleOnDocker.Settings(TestImages.Postgres, TimeSpan.FromSeconds(3), publicPort, testPort);

        public DeploySpec Spec(string version, string root, string environment) => new()
        {
            Version = version,
            GitSha = "abc1234",
            Image = image.Id,
            SmokeTests = new SmokeTests().Http("ready", "/health/ready").Http("version", "/version", c => c.JsonValue("version", version)),
            Migrate = (target, ct) => SampleMigrations.MigrateAsync(target, "", NullLogger.Instance, ct),
        };

        /// <summary>Running app containers of the environment, found by label on the engine.</summary>
        public async Task<IReadOnlyList<string>> RunningAsync(string root, string environment) =>
            [.. (await TestDocker.ContainersAsync(DockerEnvironment.EnvironmentLabel, environment))
                .Where(c => c.State == "running" && c.Labels[DockerEnvironment.RoleLabel] == "app")
                .Select(c => $"container {c.ID[..12]} {c.Labels[DockerEnvironment.ColourLabel]}")];
    }
}
