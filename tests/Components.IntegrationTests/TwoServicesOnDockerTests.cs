using System.Net;
using System.Net.Sockets;
using Pipeline.Components.Environments;
using Pipeline.Components.Rehearsal;
using Pipeline.Components.Services;
using Pipeline.Deploy.Docker;
using Pipeline.Deploy.Environments;
using Pipeline.Deploy.Smoke;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Testing.Requirements;
using Xunit.Abstractions;

namespace Pipeline.Components.IntegrationTests;

/// <summary>
/// Two tiny HTTP services (python3 -m http.server in an image built offline from Debian) declared once and deployed
/// by <c>Deploy</c> on the Docker platform: in their order, the first with a migrations command run from its image;
/// when the second's smoke test fails, the first goes back to the version it ran before (the release as a unit).
/// </summary>
public sealed class TwoServicesOnDockerTests : IDisposable
{
    private const string Dockerfile = """
        ARG BASE_IMAGE=pipeline-offline/debian:bookworm
        FROM ${BASE_IMAGE}
        RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
        ARG GENERATION=1
        ARG HEALTHY=yes
        WORKDIR /srv
        RUN echo "generation $GENERATION" > version && if [ "$HEALTHY" = yes ]; then echo ok > health; fi
        CMD ["python3", "-m", "http.server", "8000", "--bind", "0.0.0.0"]
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-services-docker-").FullName;
    private readonly ITestOutputHelper _output;
    private readonly int[] _ports = [.. Enumerable.Range(0, 4).Select(_ => FreePort())];

    public TwoServicesOnDockerTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        foreach (var service in new[] { "api", "web" })
        {
            Directory.CreateDirectory(Path.Combine(_root, "services", service));
            File.WriteAllText(Path.Combine(_root, "services", service, "Dockerfile"), Dockerfile);
        }

        // Images are labelled and versioned from git: the services live in a repository of their own.
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=test", "-c", "user.email=test@example.test", "commit", "-q", "-m", "two services");
    }

    public void Dispose()
    {
        Run(new Build(1, webHealthy: true, _ports), "Down", "--environment", "local");
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>api, then web after it; <paramref name="generation"/> goes into both images, web's health file only when healthy.</summary>
    private sealed class Build(int generation, bool webHealthy, int[] ports) : PipelineBuild, IDeliverServices
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
        [
            new("api")
            {
                Directory = "services/api",
                Image = new ServiceImage { Repository = "pipeline-services-test-api", BuildArgs = Arguments(healthy: true) },
                Migrations = ServiceMigrations.FromImage("python3", "-c", "print('api schema migrated')"),
                SmokeTests = new SmokeTests().Http("health", "/health"),
            },
            new("web")
            {
                Directory = "services/web",
                Image = new ServiceImage { Repository = "pipeline-services-test-web", BuildArgs = Arguments(webHealthy) },
                DeploysAfter = ["api"],
                SmokeTests = new SmokeTests().Http("health", "/health"),
            },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            new("local", null)
            {
                Services = new Dictionary<string, PlatformSettings>
                {
                    ["api"] = OnDocker(ports[0], ports[1]),
                    ["web"] = OnDocker(ports[2], ports[3]),
                },
            },
        ];

        private Dictionary<string, string> Arguments(bool healthy) => new()
        {
            ["BASE_IMAGE"] = System.Environment.GetEnvironmentVariable("PIPELINE_DEBIAN_IMAGE") ?? "pipeline-offline/debian:bookworm",
            ["GENERATION"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HEALTHY"] = healthy ? "yes" : "no",
        };

        private static DockerPlatformSettings OnDocker(int publicPort, int testPort) => new()
        {
            PublicPort = publicPort,
            TestPort = testPort,
            PostgresImage = null,
            Options = new DockerPlatformOptions { ContainerPort = 8000, ReadinessPath = "/version", DrainTimeout = TimeSpan.Zero, StopGracePeriod = TimeSpan.FromSeconds(1) },
        };
    }

    [FactRequiring(Requirement.Docker)]
    public async Task The_services_deploy_in_order_and_a_failing_smoke_test_of_the_second_rolls_the_first_back()
    {
        var (first, firstOutput) = Run(new Build(1, webHealthy: true, _ports), "Deploy", "--environment", "local", "--bake-seconds", "0");
        Assert.True(first == 0, firstOutput);
        Assert.True(
            firstOutput.IndexOf("── api: deploying", StringComparison.Ordinal) is var api and >= 0
            && firstOutput.IndexOf("── web: deploying", StringComparison.Ordinal) > api,
            firstOutput);
        Assert.Equal("generation 1", await GetAsync(_ports[0], "version"));
        Assert.Equal("generation 1", await GetAsync(_ports[2], "version"));
        var recorded = ServiceReleaseRecord.Read(_root, "local");
        Assert.Equal(["api", "web"], recorded!.Images.Keys.Order(StringComparer.Ordinal));

        var (second, secondOutput) = Run(new Build(2, webHealthy: false, _ports), "Deploy", "--environment", "local", "--bake-seconds", "0");

        Assert.Equal(1, second);
        Assert.Contains("Release to 'local' stopped at service 'web': web rolled back", secondOutput, StringComparison.Ordinal);
        Assert.Contains("rolled back as a unit: api back to", secondOutput, StringComparison.Ordinal);
        Assert.Equal("generation 1", await GetAsync(_ports[0], "version"));
        Assert.Equal("generation 1", await GetAsync(_ports[2], "version"));

        var (status, statusOutput) = Run(new Build(2, webHealthy: false, _ports), "Status", "--environment", "local", "--service", "api");
        Assert.True(status == 0, statusOutput);
        Assert.Contains("── api", statusOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("── web", statusOutput, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Docker, Requirement.Registry)]
    public async Task Image_and_Push_of_one_service_record_its_digest_and_hand_it_to_the_workflow_as_the_step_output_image()
    {
        var registryState = Path.Combine(_root, ".registry");
        var host = await LocalRegistry.EnsureAsync(registryState, FreePort(), CancellationToken.None);
        try
        {
            var outputs = Path.Combine(_root, "github-output.txt");
            File.WriteAllText(outputs, "");
            var (code, output) = Run(
                new Build(1, webHealthy: true, _ports),
                new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = outputs },
                "Image", "Push", "--service", "web", "--registry", $"{host}/acme");

            Assert.True(code == 0, output);
            var pinned = File.ReadAllText(Path.Combine(_root, "artifacts", "services", "web", "digest.txt")).Trim();
            Assert.Matches($"^{host}/acme/pipeline-services-test-web@sha256:[0-9a-f]{{64}}$", pinned);
            Assert.Contains($"image={pinned}\n", File.ReadAllText(outputs), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_root, "artifacts", "services", "api", "local-image.txt")), "only the service named was built");
        }
        finally
        {
            await LocalRegistry.StopAsync(registryState, CancellationToken.None);
        }
    }

    private (int Code, string Output) Run(Build build, params string[] args) => Run(build, new Dictionary<string, string>(), args);

    private (int Code, string Output) Run(Build build, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, args, [], new BuildOptions { RootDirectory = _root, Output = output, Environment = environment }).GetAwaiter().GetResult();
        _output.WriteLine(output.ToString());
        return (code, output.ToString());
    }

    private void Git(params string[] args)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", args) { WorkingDirectory = _root })!;
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
    }

    private static async Task<string> GetAsync(int port, string path)
    {
        using var http = new HttpClient();
        return (await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/{path}"))).Trim();
    }

    private static int FreePort()
        => Pipeline.Foundation.Networking.LoopbackPorts.Free();
}
