using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Deploy.Docker.IntegrationTests.Support;
using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Docker.IntegrationTests;

/// <summary>
/// The platform contract on the Docker platform: the sample's image as containers behind the edge, beside PostgreSQL.
/// The checks are inherited from <see cref="LocalPlatformContract"/>.
/// </summary>
[Collection(DockerCollection.Name)]
[Requires(Requirement.Docker)]
public sealed class DockerPlatformContractTests(SampleImage image, ITestOutputHelper output)
    : LocalPlatformContract(new DockerUnderTest(image), output)
{
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
            [.. (await TestDocker.ContainersAsync(DockerEnvironmentResources.EnvironmentLabel, environment))
                .Where(c => c.State == "running" && c.Labels[DockerEnvironmentResources.RoleLabel] == "app")
                .Select(c => $"container {c.ID[..12]} {c.Labels[DockerEnvironmentResources.ColourLabel]}")];
    }
}
