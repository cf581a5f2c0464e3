using Pipeline.Components.Environments;
using Pipeline.Components.Services;
using Pipeline.Deploy.Ecs;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.GitHub.Environments;

namespace Pipeline.Components.Tests.Services;

/// <summary>The default workflows of a build that declares services: one image job per service, one deploy job per environment.</summary>
public sealed class ServiceWorkflowsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-service-workflows-").FullName;

    public ServiceWorkflowsTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class TwoServices : PipelineBuild, IDeliverServices, IWorkflows
    {
        IReadOnlyList<ServiceDeclaration> IHaveServices.Services =>
        [
            new("worker") { Directory = "services/worker" },
            new("orchestrator") { Directory = "services/orchestrator", DeploysAfter = ["worker"] },
        ];

        IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [
            EnvironmentDeclaration.PerService("dev", service => OnEcs("dev", service)) with { Promotion = 1 },
            EnvironmentDeclaration.PerService("production", service => OnEcs("production", service)) with
            {
                Promotion = 2,
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
    }

    [Fact]
    public async Task Each_service_gets_its_image_job_and_each_environment_one_deploy_job_with_every_digest()
    {
        var output = new StringWriter { NewLine = "\n" };

        var code = await BuildSession.RunAsync(new TwoServices(), ["Workflows"], [], new BuildOptions { RootDirectory = _root, Output = output });

        Assert.True(code == 0, output.ToString());
        var delivery = await File.ReadAllTextAsync(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
        Assert.Contains("  image-worker:\n", delivery, StringComparison.Ordinal);
        Assert.Contains("  image-orchestrator:\n", delivery, StringComparison.Ordinal);
        Assert.Matches(@"\./build\.sh Push --skip --service worker\n", delivery);
        Assert.Contains("IMAGE: worker=${{ needs.image-worker.outputs.image }},orchestrator=${{ needs.image-orchestrator.outputs.image }}", delivery, StringComparison.Ordinal);
        Assert.Contains("  deploy-production:\n", delivery, StringComparison.Ordinal);
        Assert.Single(delivery.Split('\n'), l => l.Contains("(approval required)", StringComparison.Ordinal)); // one approval for the system
        Assert.DoesNotContain("warning:", output.ToString(), StringComparison.Ordinal);
    }
}
