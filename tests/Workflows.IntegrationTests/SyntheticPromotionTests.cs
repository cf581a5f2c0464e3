using Pipeline.Engine.Graph;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
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

    private static readonly WorkflowEnvironment[] Environments =
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

    [FactRequiring(Requirement.Prism)]
    public async Task Approve_shows_a_waiting_promote_run_the_digest_it_promotes_and_that_images_commit()
    {
        var files = new WorkflowFiles(new TargetGraph(Targets), ReferencePipelines.All(Environments, new DeliveryTargets().Within(new TargetGraph(Targets)), imageCredentials: AwsRole.FromVariables), new WorkflowOptions { Environments = Environments });
        files.Write(_repository.Root);
        _repository.Commit("pipeline");
        var built = _repository.Head();
        _repository.Commit("a newer commit, the one the promote run is dispatched on");
        const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
        var image = $"registry.local/app@{Digest}";
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_repository.State, "registry")).FullName, Digest["sha256:".Length..]), "pushed"); // as Push left it
        await using var github = await DeliveryGitHub.StartAsync(["dev", "staging", "production"], reviewed: "production");
        lock (github.State)
        {
            // What staging's deploy of the image recorded on GitHub when the image's own commit was delivered.
            github.State.Deployments.Add(new FakeDeployment(github.StandIn.Fake.NextId(), built, "staging", FakeGitHub.TokenUser, new Dictionary<string, string>
            {
                ["version"] = "1.4.0",
                ["digest"] = Digest,
                ["sha"] = built,
            }));

            // An older delivery run waits for production too: Approve without --run-id reviews the newest (the promote run) and names this one.
            var older = new FakeRun(5, built, "delivery.yml") { Created = DateTimeOffset.UtcNow.AddHours(-1) };
            older.Pending.Add("production");
            github.State.Runs[older.Id] = older;
        }

        using var stopApproving = new CancellationTokenSource();
        var approval = github.ApproveWhenWaitingAsync(stopApproving.Token, runId: 7, findRun: true);
        var promote = await RunAsync("promote", github.Wire(new RunnerSettings
        {
            EventName = "workflow_dispatch",
            Inputs = new Dictionary<string, string> { ["environment"] = "production", ["image"] = image },
        }, runId: 7));
        await stopApproving.CancelAsync();

        Assert.True(Job(promote, "deploy-production").Conclusion == JobConclusion.Success, Job(promote, "deploy-production").Log);
        var (code, shown) = await approval;
        Assert.True(code == 0, shown);
        Assert.Contains($"2 runs wait for review; this reviews the newest, run 7 of promote.yml \"Promote {image} to production\" created ", shown, StringComparison.Ordinal);
        Assert.Contains($"\n  --run-id 5  delivery.yml  \"Deliver {built[..7]}\"  created ", shown, StringComparison.Ordinal);
        Assert.Contains($"Run 7 \"Promote {image} to production\" waits for review:", shown, StringComparison.Ordinal);
        Assert.Contains($"  production: promotes the image of commit {built[..12]} (run on {_repository.Head()[..12]} (main)), version 1.4.0, image {Digest}, asked by hubot", shown, StringComparison.Ordinal);
        lock (github.State)
        {
            Assert.Equal(["production"], github.State.Runs[5].Pending);
        }
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
