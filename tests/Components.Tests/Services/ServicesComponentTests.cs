using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Ecs;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Execution;

namespace Pipeline.Components.Tests.Services;

/// <summary>
/// A build of several services: its targets act on all of them or on <c>--service</c>, a mistyped service or a wrong
/// declaration is refused before anything runs, and each service's checks run its own commands in its own folder.
/// </summary>
public sealed class ServicesComponentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-services-component-").FullName;

    public ServicesComponentTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        Directory.CreateDirectory(Path.Combine(_root, "services", "worker"));
        Directory.CreateDirectory(Path.Combine(_root, "services", "orchestrator"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>The sketch: a Python worker with Alembic and a Node orchestrator deployed after it.</summary>
    private sealed class Build(IReadOnlyList<ServiceDeclaration>? services = null) : PipelineBuild, IDeliverServices
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services => services ??
        [
            new("worker")
            {
                Directory = "services/worker",
                Lint = ["sh -c pwd"],
                Test = ["true"],
                Migrations = "alembic upgrade head",
                SmokeTests = new SmokeTests().Http("health", "/health"),
            },
            new("orchestrator")
            {
                Directory = "services/orchestrator",
                Lint = ["false"],
                Test = ["true"],
                DeploysAfter = ["worker"],
                SmokeTests = new SmokeTests().Http("health", "/health").Http("version", "/version"),
            },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("local", null)
            {
                Services = new Dictionary<string, PlatformSettings>
                {
                    ["worker"] = new DockerPlatformSettings { PublicPort = 6100, TestPort = 6101 },
                    ["orchestrator"] = new DockerPlatformSettings { PublicPort = 6110, TestPort = 6111, PostgresImage = null },
                },
            },
            EnvironmentDeclaration.PerService("dev", service => new EcsPlatformSettings { Cluster = "dev", Service = service, Region = "eu-west-1" }) with { Promotion = 1 },
            new("half", null) { Services = new Dictionary<string, PlatformSettings> { ["worker"] = new DockerPlatformSettings() }, NotDeployableReason = "the orchestrator has no cluster yet" },
        ];
    }

    private (int Code, string Output) Run(Build build, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, args, [], new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void A_mistyped_service_is_refused_before_anything_runs_naming_the_declared_ones()
    {
        var (code, output) = Run(new Build(), "Lint", "--service", "wroker");

        Assert.Equal(1, code);
        Assert.Contains("--service: unknown service 'wroker': the build declares worker, orchestrator (see Services in the build class)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("── Lint", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_refused_before_anything_runs()
    {
        var (code, output) = Run(new Build([new("a") { DeploysAfter = ["b"] }, new("b") { DeploysAfter = ["a"] }]), "Test");

        Assert.Equal(1, code);
        Assert.Contains("services deploy after each other in a cycle: a → b → a; break it in DeploysAfter", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_runs_every_services_commands_in_its_folder_and_names_the_failing_one_in_one_line()
    {
        var (code, output) = Run(new Build(), "Lint");

        Assert.Equal(1, code);
        Assert.Contains(Path.Combine(_root, "services", "worker"), output, StringComparison.Ordinal);
        Assert.Contains("Lint failed: service 'orchestrator': false exited with code 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("service 'worker':", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_of_one_service_runs_only_its_commands()
    {
        var (code, output) = Run(new Build(), "Lint", "--service", "worker");

        Assert.True(code == 0, output);
        Assert.Contains("> sh -c pwd", output, StringComparison.Ordinal);
        Assert.DoesNotContain("> false", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_refuses_an_image_list_that_does_not_match_the_services_before_anything_runs()
    {
        var (code, output) = Run(new Build(), "Deploy", "--environment", "dev", "--image", "worker=r/worker@sha256:aa,orchstrator=r/o@sha256:bb");

        Assert.Equal(1, code);
        Assert.Contains("--image: unknown service 'orchstrator': the build declares worker, orchestrator", output, StringComparison.Ordinal);
        Assert.DoesNotContain("── Deploy", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_refuses_an_environment_that_gives_a_service_no_platform_saying_why()
    {
        var (code, output) = Run(new Build(), "Deploy", "--environment", "half");

        Assert.Equal(1, code);
        Assert.Contains("environment 'half' gives service 'orchestrator' no platform: the orchestrator has no cluster yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_service_gets_its_own_settings_and_its_own_part_of_the_environment()
    {
        var build = (IDeliverServices)new Build();
        var local = build.Environments[0];
        var dev = build.Environments[1];

        Assert.Equal(6110, Assert.IsType<DockerPlatformSettings>(local.PlatformFor("orchestrator")).PublicPort);
        Assert.Equal("orchestrator", Assert.IsType<EcsPlatformSettings>(dev.PlatformFor("orchestrator")).Service);
        Assert.Equal(1, dev.Promotion);
        Assert.Equal("local-worker", local.ServiceEnvironmentName("worker"));
        Assert.Null(local.Validate());
    }
}
