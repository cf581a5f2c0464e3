using Pipeline.Engine.Graph;
using Pipeline.Testing.Workflows.Runner;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Xunit.Abstractions;

namespace Pipeline.Workflows.IntegrationTests;

/// <summary>
/// A pipeline declared per environment (develop → dev and main → staging on push, production by hand), its generated
/// delivery, promote and rollback workflows run job by job with the local runner on a synthetic repository.
/// </summary>
public sealed class SyntheticPromotionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TargetInfo[] Targets =
    [
        new("Restore"),
        new("Compile") { DependsOn = ["Restore"] },
        new("Lint") { DependsOn = ["Restore"] },
        new("Test") { DependsOn = ["Compile"], Produces = ["artifacts/test-results"] },
        new("Publish") { DependsOn = ["Compile"], Produces = ["artifacts/publish"] },
        new("Image") { DependsOn = ["Publish"] },
        new("Push") { DependsOn = ["Image"] },
        new("Deploy") { DependsOn = ["Publish", "Test"] },
        new("Rollback"),
    ];

    private static readonly DeliveryEnvironment[] Environments =
    [
        new("dev") { Promotion = 1, DeployOn = DeployTrigger.OnPush("develop"), Credentials = AwsRole.FromVariables },
        new("staging") { Promotion = 2, Credentials = AwsRole.FromVariables },
        new("production") { Promotion = 3, DeployOn = DeployTrigger.Manual, Credentials = AwsRole.FromVariables, NeedsApproval = true },
    ];

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/synthetic",
        ["AWS_REGION"] = "eu-west-1",
    };

    private readonly SyntheticRepository _repository = SyntheticRepository.Create(
        Targets, new Dictionary<string, string> { ["dev"] = "ecs", ["staging"] = "ecs", ["production"] = "ecs" });

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task Develop_deploys_dev_main_deploys_staging_and_promote_then_rollback_reach_production_without_a_rebuild()
    {
        var files = new WorkflowFiles(new TargetGraph(Targets), ReferencePipelines.All(Environments, new DeliveryTargets().Within(new TargetGraph(Targets)), imageCredentials: AwsRole.FromVariables), new WorkflowOptions { Environments = Environments });
        var written = files.Write(_repository.Root);
        Assert.Equal(
            [".github/workflows/delivery.yml", ".github/workflows/promote.yml", ".github/workflows/pull-request.yml", ".github/workflows/rollback.yml"],
            written.Order(StringComparer.Ordinal));
        _repository.Commit("pipeline");

        var develop = await RunAsync("delivery", new RunnerSettings { Ref = "refs/heads/develop" });
        Assert.Equal(JobConclusion.Success, Job(develop, "deploy-dev").Conclusion);
        Assert.Equal(JobConclusion.Skipped, Job(develop, "deploy-staging").Conclusion);
        var main = await RunAsync("delivery", new RunnerSettings { Ref = "refs/heads/main" });
        Assert.Equal(JobConclusion.Skipped, Job(main, "deploy-dev").Conclusion);
        Assert.True(Job(main, "deploy-staging").Conclusion == JobConclusion.Success, Job(main, "deploy-staging").Log);
        Assert.DoesNotContain(main, o => o.Job == "deploy-production");
        var image = Job(main, "image").Outputs["image"];

        var promote = await RunAsync("promote", new RunnerSettings
        {
            EventName = "workflow_dispatch",
            Inputs = new Dictionary<string, string> { ["environment"] = "production", ["image"] = image },
        });

        var production = Job(promote, "deploy-production");
        Assert.True(production.Conclusion == JobConclusion.Success, production.Log);
        Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], promote.Where(o => o.Job is "deploy-dev" or "deploy-staging").Select(o => o.Conclusion));
        // No build, no tests: the deploy's whole slice is skipped and the image is the one dispatched.
        Assert.Contains("plan: Restore Compile Publish Test Deploy | skipped: Restore Compile Publish Test", production.Log, StringComparison.Ordinal);
        Assert.Equal($"production {image}", File.ReadAllLines(Path.Combine(_repository.State, "deployments.txt"))[^1]);

        var rollback = await RunAsync("rollback", new RunnerSettings
        {
            EventName = "workflow_dispatch",
            Inputs = new Dictionary<string, string> { ["environment"] = "production" },
        });

        var back = Job(rollback, "rollback-production");
        Assert.True(back.Conclusion == JobConclusion.Success, back.Log);
        Assert.Contains("target Rollback", back.Log, StringComparison.Ordinal);
        Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], rollback.Where(o => o.Job is "rollback-dev" or "rollback-staging").Select(o => o.Conclusion));
    }

    private static JobOutcome Job(IReadOnlyList<JobOutcome> outcomes, string id) => outcomes.Single(o => o.Job == id);

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(string workflow, RunnerSettings settings)
    {
        using var runner = new LocalWorkflowRunner(_repository.Root, settings with
        {
            Variables = Variables,
            MachineVariables = new Dictionary<string, string> { ["SYNTHETIC_STATE"] = _repository.State },
        }, output.WriteLine);
        return await runner.RunAsync($".github/workflows/{workflow}.yml");
    }
}
