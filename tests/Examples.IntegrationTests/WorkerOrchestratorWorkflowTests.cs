using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Examples.IntegrationTests.Workflows;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/worker-orchestrator delivered by its committed, generated delivery workflow, run job by job as its CI would:
/// the build project compiled once from this run's packages, one image job per service pushing through the ECR API,
/// then dev → staging → production (production once a reviewer approved), each deploy job migrating the environment's
/// database with Alembic from the worker's new image and releasing both services blue/green with the pushed digests.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed class WorkerOrchestratorWorkflowTests(TemplatePackages packages, ITestOutputHelper log)
{
    private static readonly ExampleSystem System = new(
        "worker-orchestrator",
        "orchestrai",
        "worker",
        [new("worker", "/ready", "\"schema\": \"0001\""), new("orchestrator", "/version", "\"version\"")],
        ["dev", "staging", "production"]);

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli, Requirement.Prism)]
    public async Task The_delivery_workflow_releases_both_services_to_dev_staging_and_production_with_their_pushed_digests()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = cancellation.Token;
        await using var run = await ExampleDeliveryRun.StartAsync(packages, System, log, ct);

        var (outcomes, approval) = await run.RunAsync(new HashSet<string>(), ct);

        Assert.Equal(
            ["build-project", "lint", "test", "integration", "image-worker", "image-orchestrator", "deploy-dev", "deploy-staging", "deploy-production"],
            outcomes.Select(o => o.Job));
        Assert.All(outcomes, o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        Assert.Contains("  production: commit ", approval, StringComparison.Ordinal);
        Assert.Equal(
            [("approved", "Ship it", DeliveryGitHub.Reviewer, "production")],
            run.GitHub.State.Runs[DeliveryGitHub.RunId].Approvals);
        await run.AssertEachServiceRunsItsPushedDigestAsync(outcomes, System.Environments, ct);
    }
}
