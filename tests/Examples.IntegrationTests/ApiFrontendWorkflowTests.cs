using Pipeline.Examples.IntegrationTests.Delivery;
using Pipeline.Examples.IntegrationTests.Workflows;
using Pipeline.Testing.Packages;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Runner;
using Xunit.Abstractions;

namespace Pipeline.Examples.IntegrationTests;

/// <summary>
/// examples/api-frontend delivered by its committed, generated delivery workflow, run job by job as its CI would: one
/// image job per service pushing through the ECR API, then its first environment, staging — the API's two Alembic
/// revisions migrated from its new image, the API then the web frontend released with the pushed digests, gated by
/// their smoke tests. Production is left out of this run (it is the same deploy job with approval, which
/// <see cref="WorkerOrchestratorWorkflowTests"/> proves), to keep CI time down.
/// </summary>
[Collection(ExamplePackagesCollection.Name)]
public sealed class ApiFrontendWorkflowTests(TemplatePackages packages, ITestOutputHelper log)
{
    private static readonly ExampleSystem System = new(
        "api-frontend",
        "projects",
        "items",
        [new("api", "/ready", "\"revision\": \"0002\""), new("web", "/", "<h1>Items</h1>")],
        ["staging"]);

    [FactRequiring(Requirement.Docker, Requirement.Moto, Requirement.Registry, Requirement.AwsCli, Requirement.Prism)]
    public async Task The_delivery_workflow_releases_the_api_and_its_frontend_to_staging_with_their_pushed_digests()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var ct = cancellation.Token;
        await using var run = await ExampleDeliveryRun.StartAsync(packages, System, log, ct);

        var (outcomes, _) = await run.RunAsync(new HashSet<string>(["deploy-production"], StringComparer.Ordinal), ct);

        Assert.Equal(["build-project", "lint", "test", "integration", "image-api", "image-web", "deploy-staging", "deploy-production"], outcomes.Select(o => o.Job));
        Assert.All(outcomes.Where(o => o.Job != "deploy-production"), o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        Assert.Equal(JobConclusion.Skipped, outcomes.Single(o => o.Job == "deploy-production").Conclusion);
        await run.AssertEachServiceRunsItsPushedDigestAsync(outcomes, ["staging"], ct);
    }
}
