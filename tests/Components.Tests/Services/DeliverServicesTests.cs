using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Components.Tests.Versioning;
using Pipeline.Deploy;
using Pipeline.Deploy.Environments;
using Pipeline.Engine;
using Pipeline.Engine.Execution;

namespace Pipeline.Components.Tests.Services;

/// <summary>
/// <c>Deploy</c>, <c>Rollback</c>, <c>Status</c> and <c>Down</c> of a build of services, run as the user runs them,
/// on a platform that records what it is asked: the order, the image and version each service gets, the release
/// recorded for Status, and the whole release going back when one service does not go live.
/// </summary>
public sealed class DeliverServicesTests : IDisposable
{
    private readonly TemporaryRepository repository;
    private readonly RecordingPlatform platform = new();

    public DeliverServicesTests()
    {
        repository = new TemporaryRepository();
        Directory.CreateDirectory(Path.Combine(repository.Path, ".nuke"));
        repository.Commit("first");
        repository.Git("tag", "v1.4.0");
    }

    public void Dispose() => repository.Dispose();

    private sealed class Build(RecordingPlatform platform) : PipelineBuild, IDeliverServices
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
        [
            new("api") { DeploysAfter = ["worker"] },
            new("worker"),
            new("web") { DeploysAfter = ["api"] },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            EnvironmentDeclaration.PerService("dev", _ => platform) with { Url = new Uri("https://dev.example.com/") },
            new("empty", null) { NotDeployableReason = "nothing is provisioned yet" },
        ];
    }

    private (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(new Build(platform), args, [], new BuildOptions { RootDirectory = repository.Path, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    private const string Images = "worker=r.example/worker@sha256:aa,api=r.example/api@sha256:bb,web=r.example/web@sha256:cc";

    [Fact]
    public void Deploy_releases_the_services_in_their_order_each_from_its_image_and_records_the_release()
    {
        var (code, output) = Run("Deploy", "--environment", "dev", "--image", Images);

        Assert.True(code == 0, output);
        Assert.Equal(["deploy dev-worker r.example/worker@sha256:aa", "deploy dev-api r.example/api@sha256:bb", "deploy dev-web r.example/web@sha256:cc"], platform.Calls);
        Assert.All(platform.Specs, s => Assert.StartsWith("1.4.0", s.Version, StringComparison.Ordinal));
        Assert.All(platform.Specs, s => Assert.Equal(repository.Git("rev-parse", "HEAD"), s.GitSha));
        Assert.Contains($"Release {platform.Specs[0].Version} is live in 'dev': worker, api, web.", output, StringComparison.Ordinal);
        var recorded = ServiceReleaseRecord.Read(repository.Path, "dev");
        Assert.NotNull(recorded);
        Assert.Equal(platform.Specs[0].Version, recorded.Version);
        Assert.Equal("r.example/api@sha256:bb", recorded.Images["api"]);
    }

    [Fact]
    public void Deploy_of_one_service_deploys_only_it_and_keeps_the_others_in_the_recorded_release()
    {
        Assert.Equal(0, Run("Deploy", "--environment", "dev", "--image", Images).Code);
        platform.Calls.Clear();

        var (code, output) = Run("Deploy", "--environment", "dev", "--service", "api", "--image", "r.example/api@sha256:dd");

        Assert.True(code == 0, output);
        Assert.Equal(["deploy dev-api r.example/api@sha256:dd"], platform.Calls);
        var recorded = ServiceReleaseRecord.Read(repository.Path, "dev")!;
        Assert.Equal(("r.example/worker@sha256:aa", "r.example/api@sha256:dd"), (recorded.Images["worker"], recorded.Images["api"]));
    }

    [Fact]
    public void A_service_that_does_not_go_live_takes_the_release_back_as_a_unit_and_fails_the_target()
    {
        platform.Failing = "dev-api";

        var (code, output) = Run("Deploy", "--environment", "dev", "--image", Images);

        Assert.Equal(1, code);
        Assert.Equal(["deploy dev-worker r.example/worker@sha256:aa", "deploy dev-api r.example/api@sha256:bb", "rollback dev-worker"], platform.Calls);
        Assert.Contains("Release to 'dev' stopped at service 'api': api rolled back: SmokeTestFailed: GET /health answered 500; rolled back as a unit: worker back to 1.3.0", output, StringComparison.Ordinal);
        Assert.Null(ServiceReleaseRecord.Read(repository.Path, "dev"));
    }

    [Fact]
    public void A_release_of_an_older_commit_than_a_service_runs_is_refused_before_any_service_moves()
    {
        var older = repository.Git("rev-parse", "HEAD");
        platform.Active["dev-api"] = repository.Commit("second");
        repository.Git("checkout", "--quiet", older);

        var (code, output) = Run("Deploy", "--environment", "dev", "--image", Images);

        Assert.Equal(1, code);
        Assert.Empty(platform.Calls);
        Assert.Contains("service 'api': refused: 1.4.0", output, StringComparison.Ordinal);
        Assert.Contains($"(commit {older[..12]}) is older than what 'dev' runs, 1.4.1", output, StringComparison.Ordinal);
        Assert.Contains("./build.sh Rollback --environment dev does", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_of_a_newer_commit_than_a_service_runs_deploys()
    {
        platform.Active["dev-api"] = repository.Git("rev-parse", "HEAD");
        repository.Commit("second");

        var (code, output) = Run("Deploy", "--environment", "dev", "--image", Images);

        Assert.True(code == 0, output);
        Assert.Equal(3, platform.Calls.Count);
    }

    [Fact]
    public void Rollback_goes_through_the_services_last_first_and_names_each_that_did_not_go_back()
    {
        platform.Failing = "dev-api";

        var (code, output) = Run("Rollback", "--environment", "dev");

        Assert.Equal(1, code);
        Assert.Equal(["rollback dev-web", "rollback dev-api", "rollback dev-worker"], platform.Calls);
        Assert.Contains("── web: rolling back in 'dev-web'", output, StringComparison.Ordinal);
        Assert.Contains("Rollback of 'dev' did not succeed for api: nothing to roll back to in environment 'dev-api'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_shows_each_service_as_its_platform_reports_it_beside_the_recorded_release()
    {
        Assert.Equal(0, Run("Deploy", "--environment", "dev", "--image", Images).Code);

        var (code, output) = Run("Status", "--environment", "dev");

        Assert.True(code == 0, output);
        var worker = output.IndexOf("── worker", StringComparison.Ordinal);
        var api = output.IndexOf("── api", StringComparison.Ordinal);
        Assert.True(worker >= 0 && api > worker, output);
        Assert.Contains("(deployed ", output, StringComparison.Ordinal);
        Assert.Contains("from here): r.example/worker@sha256:aa\ndev-worker: fake status of 5 deployments\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Down_stops_the_services_last_first_and_deletes_data_only_when_asked()
    {
        var (code, output) = Run("Down", "--environment", "dev");
        var (deleteCode, deleting) = Run("Down", "--environment", "dev", "--service", "worker", "--delete-data");

        Assert.True(code == 0, output);
        Assert.True(deleteCode == 0, deleting);
        Assert.Equal(["down dev-web", "down dev-api", "down dev-worker", "down deleting data dev-worker"], platform.Calls);
        Assert.Contains("web: stopped dev-web's process.", output, StringComparison.Ordinal);
        Assert.Contains("worker: stopped dev-worker's process, dev-worker's database.", deleting, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_without_platforms_is_refused_before_anything_runs()
    {
        var (code, output) = Run("Deploy", "--environment", "empty", "--image", Images);

        Assert.Equal(1, code);
        Assert.Contains("environment 'empty' gives service 'worker' no platform: nothing is provisioned yet", output, StringComparison.Ordinal);
        Assert.Empty(platform.Calls);
    }

    /// <summary>Settings whose environments record every call; <see cref="Failing"/> names the part whose deploy rolls itself back and whose rollback has nothing to go back to.</summary>
    private sealed record RecordingPlatform : PlatformSettings
    {
        public List<string> Calls { get; } = [];

        public List<DeploySpec> Specs { get; } = [];

        public string? Failing { get; set; }

        /// <summary>The commit each part runs, by part name (<c>dev-api</c>), as its platform would read it.</summary>
        public Dictionary<string, string> Active { get; } = [];

        public override string Platform => "recording";

        public override DeployInputs Inputs => DeployInputs.None;

        public override IPlatformEnvironment Open(EnvironmentContext context) => new Part(this, context.Name);

        private sealed class Part(RecordingPlatform platform, string name) : IPlatformEnvironment
        {
            public string Name => name;

            public string Platform => platform.Platform;

            public Uri? PublicUrl => null;

            public Task<DeploymentRecord> DeployAsync(DeploySpec spec, CancellationToken cancellationToken)
            {
                platform.Calls.Add($"deploy {name} {spec.Image}");
                platform.Specs.Add(spec);
                return Task.FromResult(platform.Failing == name
                    ? Record(spec.Version, DeploymentOutcome.RolledBack) with { RollbackReason = new RollbackReason(RollbackTrigger.SmokeTestFailed, "GET /health answered 500") }
                    : Record(spec.Version, DeploymentOutcome.Successful));
            }

            public Task<DeploymentRecord> RollbackAsync(DeploySpec template, CancellationToken cancellationToken)
            {
                platform.Calls.Add($"rollback {name}");
                return platform.Failing == name
                    ? throw new DeployException($"nothing to roll back to in environment '{name}'")
                    : Task.FromResult(Record("1.3.0", DeploymentOutcome.Successful) with { Kind = DeploymentKind.Rollback });
            }

            public Task<string> StatusAsync(int deployments, CancellationToken cancellationToken) => Task.FromResult($"{name}: fake status of {deployments} deployments\n");

            public Task<IReadOnlyList<string>> DownAsync(CancellationToken cancellationToken)
            {
                platform.Calls.Add($"down {name}");
                return Task.FromResult<IReadOnlyList<string>>([$"{name}'s process"]);
            }

            public Task<IReadOnlyList<string>> DownDeletingDataAsync(CancellationToken cancellationToken)
            {
                platform.Calls.Add($"down deleting data {name}");
                return Task.FromResult<IReadOnlyList<string>>([$"{name}'s process", $"{name}'s database"]);
            }

            public Task<Release?> ActiveReleaseAsync(CancellationToken cancellationToken) =>
                Task.FromResult(platform.Active.TryGetValue(name, out var sha) ? new Release("1.4.1", "image") { GitSha = sha } : null);

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;

            private DeploymentRecord Record(string version, DeploymentOutcome outcome) => new()
            {
                Id = $"{name}-{version}",
                Environment = name,
                Platform = Platform,
                Release = new Release(version, "image"),
                Initiator = "test",
                Outcome = outcome,
            };
        }
    }
}
