using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Targets;
using Pipeline.GitHub.Environments;

namespace Pipeline.Components.Tests.Services;

/// <summary>
/// The system of issue 22 as docs/services.md declares it (worker with flake8, pytest and Alembic; orchestrator with
/// node --test after it; a rehearsal on the local ECS and dev → staging → production behind reviewers): it compiles,
/// it is valid, and every service gets its own ECS service in every environment.
/// </summary>
public sealed class IssueSketchTests
{
    // --- the declaration, as in docs/services.md ---
    private sealed class Build : PipelineBuild, IDeliverServices, IWorkflows, ILocalEcs
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
        [
            new("worker")
            {
                Directory = "services/worker",
                Lint = ["flake8 ."],
                Test = ["python3 -m pytest"],
                Migrations = "alembic upgrade head",
                SmokeTests = new SmokeTests().Http("health", "/health"),
            },
            new("orchestrator")
            {
                Directory = "services/orchestrator",
                Test = ["node --test"],
                DeploysAfter = ["worker"],
                SmokeTests = new SmokeTests().Http("health", "/health").Http("version", "/version"),
            },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            EnvironmentDeclaration.PerService("rehearsal", service => ((ILocalEcs)this).OnLocalEcs(OnEcs("rehearsal", service), Port(service), Port(service) + 1)),
            EnvironmentDeclaration.PerService("dev", service => OnEcs("dev", service)) with { Promotion = 1 },
            EnvironmentDeclaration.PerService("staging", service => OnEcs("staging", service)) with { Promotion = 2 },
            EnvironmentDeclaration.PerService("production", service => OnEcs("production", service)) with
            {
                Promotion = 3,
                GitHub = new GitHubEnvironmentSettings { Reviewers = ["acme/release-managers"] },
            },
        ];

        private static EcsPlatformSettings OnEcs(string environment, string service) => new()
        {
            Cluster = $"acme-{environment}",
            Service = service,
            Region = "eu-west-1",
            TaskDefinitionFile = $"services/{service}/task-definition.json",
        };

        private static int Port(string service) => service == "worker" ? 6100 : 6110;

        // --- end of the declaration ---

        /// <summary>What each environment gives each service, read while the build runs (the rehearsal reads parameters).</summary>
        public List<(EnvironmentDeclaration Environment, string Service, PlatformSettings? Platform)> Seen { get; } = [];

        public Target Inspect => _ => _
            .Validates(((IHaveServices)this).CheckServices)
            .Executes(() =>
            {
                var build = (IDeliverServices)this;
                Seen.AddRange(build.Environments.SelectMany(e => build.SelectedServices.Select(s => (e, s.Name, e.PlatformFor(s.Name)))));
            });
    }

    [Fact]
    public async Task The_two_service_system_is_valid_and_each_service_has_its_own_ecs_service_everywhere()
    {
        var build = new Build();
        var output = new StringWriter { NewLine = "\n" };
        var root = Directory.CreateTempSubdirectory("pipeline-issue-sketch-").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            var code = await BuildSession.RunAsync(build, ["Inspect"], [], new BuildOptions { RootDirectory = root, Output = output });
            Assert.True(code == 0, output.ToString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        Assert.Equal(["worker", "orchestrator"], build.Seen.Take(2).Select(s => s.Service));
        Assert.Equal(8, build.Seen.Count);
        foreach (var (environment, service, platform) in build.Seen)
        {
            Assert.Equal(service, Assert.IsType<EcsPlatformSettings>(platform).Service);
            Assert.Null(environment.ValidateService(service));
        }

        Assert.NotNull(Assert.IsType<EcsPlatformSettings>(build.Seen[0].Platform).CreateIfMissing);
        Assert.True(build.Seen[^1].Environment.GitHub!.RequiresApproval);
    }
}
