using Pipeline.Deploy.Driver;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Process;
using Pipeline.Deploy.Smoke;
using Pipeline.Deploy.Tests.Support;
using Pipeline.Testing.Deploy.Contract;
using Xunit.Abstractions;

namespace Pipeline.Deploy.IntegrationTests;

/// <summary>
/// The platform contract on the Process platform: the published sample as processes behind the edge. The checks are
/// inherited from <see cref="LocalPlatformContract"/>; the Process platform needs nothing outside this machine's dotnet.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ProcessPlatformContractTests(SamplePublish sample, ITestOutputHelper output)
    : LocalPlatformContract(new ProcessUnderTest(sample), output)
{
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
