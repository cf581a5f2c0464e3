using System.Diagnostics;
using System.Globalization;
using Pipeline.Aws;
using Pipeline.Aws.CloudWatch;
using Pipeline.Aws.Ecs;
using Pipeline.Deploy.Ecs.IntegrationTests.Support;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Testing;
using Pipeline.Testing.Deploy.Contract;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Deploy.Ecs.IntegrationTests;

/// <summary>
/// The platform contract on Amazon ECS (the local ECS): the sample's image, pushed to the ECR stand-in, deployed by
/// digest to a blue/green service that the environment creates on its first deploy (CreateIfMissing), with SQLite on a
/// shared volume migrated by the one-off task. The shared checks are inherited from <see cref="PlatformContract"/>; the
/// local-edge-only ones (<see cref="LocalPlatformContract"/>) do not apply to a managed platform and are not part of
/// this class.
/// </summary>
[Collection(EcsLocalCollection.Name)]
[Requires(Requirement.Docker, Requirement.Registry)]
public sealed class EcsPlatformContractTests(EcsLocalFixture ecs, ITestOutputHelper output)
    : PlatformContract(new EcsUnderTest(ecs), output), IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (!Availability.Skips(Requirement.Docker) && !Availability.Skips(Requirement.Registry))
        {
            ((EcsUnderTest)Platform).Image = await ecs.SampleImageAsync();
        }
    }

    public Task DisposeAsync() => ((EcsUnderTest)Platform).RemoveVolumesAsync();

    /// <summary>Issue #13's load figure: at least 300 requests/s on the production listener across a deploy, none failed.</summary>
    [FactRequiring]
    public async Task At_least_300_requests_per_second_on_the_production_listener_across_a_deploy_and_none_fails()
    {
        await using var env = ContractEnvironment.Create(Platform, Output);
        Assert.True((await env.DeployAsync(env.Spec("1.0.0"))).Succeeded);

        DeploymentRecord record;
        var load = new LoadGenerator(env.PublicUrl, "/health/live", concurrency: 16);
        try
        {
            record = await env.DeployAsync(env.Spec("1.1.0"));
        }
        finally
        {
            await load.DisposeAsync();
        }

        Output.WriteLine($"production listener across a BLUE_GREEN deploy of 1.1.0 on the local ECS: {load}");
        Assert.True(record.Succeeded, record.RollbackReason?.Message);
        Assert.Equal(0, load.Failed);
        Assert.True(load.RequestsPerSecond >= 300, $"only {load.RequestsPerSecond:0} requests/s: {load}");
        Assert.Equal("1.1.0", await env.VersionAsync());
    }

    /// <summary>Before the first Deploy creates the rehearsal's service, Status says so and what to run, in one line.</summary>
    [FactRequiring]
    public async Task Status_of_a_rehearsal_not_yet_created_says_nothing_is_deployed_and_what_to_run()
    {
        await using var env = ContractEnvironment.Create(Platform, Output);

        var status = await env.Environment.StatusAsync(5, CancellationToken.None);

        Output.WriteLine(status);
        Assert.Equal($"{env.Name}: nothing deployed yet (ECS service sample in cluster {env.Name} does not exist): ./build.sh Deploy --environment {env.Name} creates it", status.TrimEnd());
    }

    /// <summary>
    /// The first Deploy creates the service with the release and deploys it again through blue/green: two revisions of
    /// one version, so a Rollback has nothing to go back to and refuses as the local platforms do. Down deletes the
    /// service it created, and its bake alarms with it.
    /// </summary>
    [FactRequiring]
    public async Task Rollback_right_after_the_first_deploy_refuses_as_on_the_local_platforms()
    {
        await using var env = ContractEnvironment.Create(Platform, Output);
        Assert.True((await env.DeployAsync(env.Spec("1.0.0"))).Succeeded);

        var refused = await Assert.ThrowsAsync<DeployException>(() => env.Environment.RollbackAsync(env.Spec("rollback"), CancellationToken.None));

        Assert.Equal($"nothing to roll back to in environment '{env.Name}': 1.0.0 is the only version deployed successfully", refused.Message);
        Assert.Equal("1.0.0", await env.VersionAsync());

        using var cloudWatch = new CloudWatchClient(new AwsClientOptions { Region = "us-east-1", ServiceUrl = ecs.Endpoint, Credentials = ecs.Credentials, MaxRetries = 1 });
        var alarms = new DescribeAlarmsRequest { AlarmNamePrefix = $"pipeline-bake-{env.Name}-sample-" };
        Assert.Equal(2, (await cloudWatch.DescribeAlarmsAsync(alarms, CancellationToken.None)).MetricAlarms.Count);
        var down = await env.Environment.DownAsync(CancellationToken.None);
        Assert.Contains("CloudWatch: 2 bake alarms of sample deleted", down);
        Assert.Empty((await cloudWatch.DescribeAlarmsAsync(alarms, CancellationToken.None)).MetricAlarms);
    }

    /// <summary>The sample on the local ECS: one cluster and service per environment, its own SQLite volume.</summary>
    private sealed class EcsUnderTest(EcsLocalFixture ecs) : IPlatformUnderTest
    {
        private const string TaskDefinitionFile = "sample.task-definition.json";
        private readonly List<string> volumes = [];

        public string Image { get; set; } = "";

        public IReadOnlyList<string> DriverArtefacts => ["--image", Image];

        public IReadOnlyDictionary<string, string> DriverEnvironment => new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = EcsLocalFixture.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = ecs.SecretKey,
            ["AWS_REGION"] = "us-east-1",
        };

        public TimeSpan HealthTimeout => TimeSpan.FromSeconds(90);

        public PlatformSettings Settings(int publicPort, int testPort) => Settings("ecs-" + Guid.NewGuid().ToString("N")[..8], publicPort, testPort);

        /// <summary>The environment's own cluster, named after it; its own SQLite volume.</summary>
        public PlatformSettings Settings(string environment, int publicPort, int testPort)
        {
            var name = environment;
            lock (volumes)
            {
                volumes.Add(name + "-data");
            }

            return new EcsPlatformSettings
            {
                Cluster = name,
                Service = "sample",
                Region = "us-east-1",
                Container = "sample",
                TaskDefinitionFile = TaskDefinitionFile,
                Variables = new Dictionary<string, string> { ["family"] = name, ["data_volume"] = name + "-data" },
                MigrationsCommand = ["--migrate"],
                TestUrl = new Uri($"http://127.0.0.1:{testPort.ToString(CultureInfo.InvariantCulture)}/"),
                ProductionUrl = new Uri($"http://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}/"),
                Endpoint = ecs.Endpoint,
                CloudWatchEndpoint = ecs.Endpoint,
                Credentials = ecs.Credentials,
                GateTimeout = TimeSpan.FromMinutes(2),
                PollInterval = TimeSpan.FromMilliseconds(250),
                MaxPollInterval = TimeSpan.FromMilliseconds(500),
                MigrationsTimeout = TimeSpan.FromMinutes(2),
                CreateIfMissing = EcsServiceBootstrap.OnLocalEcs(publicPort, testPort),
            };
        }

        public DeploySpec Spec(string version, string root, string environment)
        {
            // The task definition file is relative to the environment's root, as it is to a repository's.
            Directory.CreateDirectory(root);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Support", TaskDefinitionFile), Path.Combine(root, TaskDefinitionFile), overwrite: true);
            return new DeploySpec
            {
                Version = version,
                GitSha = "abc1234",
                Image = Image,
                Initiator = "contract tests",
                SmokeTests = new SmokeTests().Http("ready", "/health/ready").Http("version", "/version", c => c.JsonValue("version", version)),
            };
        }

        /// <summary>Running task containers of the environment's cluster, found on the Docker engine by the local ECS's labels.</summary>
        public async Task<IReadOnlyList<string>> RunningAsync(string root, string environment)
        {
            var cluster = environment;
            var lines = await DockerAsync("ps", "--filter", "label=pipeline.ecs-local.task", "--format", "{{.ID}} {{.Label \"pipeline.ecs-local.task\"}}");
            return [.. lines.Where(l => l.Contains($":task/{cluster}/", StringComparison.Ordinal)).Select(l => $"container {l}")];
        }

        public async Task<bool> MidShiftAsync(ContractEnvironment env)
        {
            var deployment = await CurrentDeploymentAsync(env);
            return deployment is { Status: "IN_PROGRESS", TargetServiceRevision.RequestedProductionTrafficWeight: >= 20 and < 100 };
        }

        /// <summary>Nobody answers ECS's hooks any more: the hook timeout rolls the deployment back by itself, production stays on 1.0.0.</summary>
        public async Task AfterKillAsync(ContractEnvironment env, int driverPid)
        {
            var status = await env.Environment.StatusAsync(5, CancellationToken.None);
            env.Output.WriteLine(status);
            Assert.Contains("current deployment", status, StringComparison.Ordinal);
            Assert.Contains("IN_PROGRESS", status, StringComparison.Ordinal);

            var clock = Stopwatch.StartNew();
            ServiceDeployment? ended = null;
            await Eventually.WaitForAsync(async () =>
            {
                ended = await CurrentDeploymentAsync(env);
                return ended is { Status: not ("IN_PROGRESS" or "PENDING" or "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS") };
            }, TimeSpan.FromMinutes(3), "the orphaned deployment to end by itself");
            env.Output.WriteLine($"orphaned deployment ended {ended!.Status} after {clock.Elapsed.TotalSeconds:0} s: {ended.StatusReason}");
            Assert.Equal("ROLLBACK_SUCCESSFUL", ended.Status);
            Assert.Equal("1.0.0", await env.VersionAsync());
            Assert.Single(await RunningAsync(env.Root, env.Name));
        }

        /// <summary>ECS's history, not a file on the deploying machine, tells the killed deploy was a failed release.</summary>
        public async Task AfterRerunAsync(ContractEnvironment env, DeploymentRecord rerun)
        {
            var status = await env.Environment.StatusAsync(5, CancellationToken.None);
            env.Output.WriteLine(status);
            var history = status.Split('\n').SkipWhile(l => !l.Contains("last ", StringComparison.Ordinal)).ToList();
            Assert.Contains(history, l => l.Contains("3.0.0", StringComparison.Ordinal) && l.Contains("SUCCESSFUL", StringComparison.Ordinal));
            Assert.Contains(history, l => l.Contains("2.0.0", StringComparison.Ordinal) && l.Contains("ROLLBACK_SUCCESSFUL (failed release)", StringComparison.Ordinal));
        }

        public async Task RemoveVolumesAsync()
        {
            string[] names;
            lock (volumes)
            {
                names = [.. volumes];
            }

            if (names.Length > 0)
            {
                await DockerAsync(["volume", "rm", "-f", .. names]);
            }
        }

        private async Task<ServiceDeployment?> CurrentDeploymentAsync(ContractEnvironment env)
        {
            var settings = (EcsPlatformSettings)env.Settings;
            using var client = ecs.Client();
            var service = (await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = settings.Cluster, Services = [settings.Service] }, CancellationToken.None)).Services.FirstOrDefault();
            if (service?.CurrentServiceDeployment is not { } arn)
            {
                return null;
            }

            return (await client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }, CancellationToken.None)).ServiceDeployments.FirstOrDefault();
        }

        private static async Task<IReadOnlyList<string>> DockerAsync(params string[] arguments)
        {
            using var docker = System.Diagnostics.Process.Start(new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = await docker.StandardOutput.ReadToEndAsync();
            await docker.WaitForExitAsync();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
