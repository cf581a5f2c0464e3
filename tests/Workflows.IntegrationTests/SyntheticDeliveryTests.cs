using System.Diagnostics;
using Pipeline.Engine.Graph;
using Pipeline.Testing.Requirements;
using Pipeline.Testing.Workflows.Delivery;
using Pipeline.Testing.Workflows.Runner;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Xunit.Abstractions;

namespace Pipeline.Workflows.IntegrationTests;

/// <summary>
/// The generated delivery workflow, run job by job with the local runner against a synthetic repository whose targets
/// are trivial but check what a GitHub runner would: the slice each job gets, the outputs and artifacts it is handed,
/// and when credentials are present.
/// </summary>
public sealed class SyntheticDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TargetInfo[] Targets =
    [
        new("Restore"),
        new("Compile") { DependsOn = ["Restore"] },
        new("Lint") { DependsOn = ["Restore"] },
        new("Test") { DependsOn = ["Compile"], Produces = ["artifacts/test-results"] },
        new("Integration") { DependsOn = ["Compile"], Produces = ["artifacts/test-results"] },
        new("Publish") { DependsOn = ["Compile"], Produces = ["artifacts/publish"] },
        new("Image") { DependsOn = ["Publish"] },
        new("Push") { DependsOn = ["Image"] },
        new("Deploy") { DependsOn = ["Publish", "Test"] },
        new("Workflows"),
    ];

    private static readonly WorkflowEnvironment[] Environments =
    [
        new("dev") { Promotion = 1, NeedsPublishedService = true },
        new("staging") { Promotion = 2, Credentials = AwsRole.FromVariables },
        new("production") { Promotion = 3, Credentials = AwsRole.FromVariables, NeedsApproval = true, Url = "https://todo.example.com/" },
    ];

    private static readonly Dictionary<string, string> Platforms = new() { ["dev"] = "process", ["staging"] = "ecs", ["production"] = "ecs" };

    private readonly SyntheticRepository _repository = SyntheticRepository.Create(Targets, Platforms);

    public void Dispose() => _repository.Dispose();

    [Fact]
    public async Task Every_job_of_the_delivery_workflow_passes_and_the_same_digest_reaches_each_environment_in_order()
    {
        Generate();
        _repository.Commit("delivery");

        var outcomes = await RunAsync();

        Assert.All(outcomes, o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        var image = outcomes.Single(o => o.Job == "image").Outputs["image"];
        Assert.Matches("^registry.local/app@sha256:[0-9a-f]{64}$", image);
        Assert.Equal(
            [$"dev {image}", $"staging {image}", $"production {image}"],
            File.ReadAllLines(Path.Combine(_repository.State, "deployments.txt")));
        Assert.Contains("  downloaded 'image-artifacts-publish' into artifacts/publish", outcomes.Single(o => o.Job == "deploy-dev").Log, StringComparison.Ordinal);
        // Deploy jobs build nothing: the plan shows every dependency skipped.
        Assert.Contains("plan: Restore Compile Publish Test Deploy | skipped: Restore Compile Publish Test", outcomes.Single(o => o.Job == "deploy-staging").Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deploy_job_whose_slice_misses_the_published_service_fails_on_the_runner()
    {
        // The slice before this work: Publish skipped in deploy-dev and no artifact bringing its folder.
        var path = Generate();
        var yaml = File.ReadAllText(path);
        var download = "      - name: Download artifacts/publish\n        uses: ";
        var start = yaml.IndexOf(download, yaml.IndexOf("  deploy-dev:", StringComparison.Ordinal), StringComparison.Ordinal);
        var end = yaml.IndexOf("      - name: Run Deploy", start, StringComparison.Ordinal);
        File.WriteAllText(path, yaml[..start] + yaml[end..]);
        _repository.Commit("delivery without the artifact");

        var outcomes = await RunAsync();

        var deploy = outcomes.Single(o => o.Job == "deploy-dev");
        Assert.Equal((JobConclusion.Failure, "Run Deploy"), (deploy.Conclusion, deploy.FailedStep));
        Assert.Contains("error: Deploy needs artifacts/publish/app.txt, which is not on this runner", deploy.Log, StringComparison.Ordinal);
        Assert.Equal([JobConclusion.Skipped, JobConclusion.Skipped], outcomes.Where(o => o.Job is "deploy-staging" or "deploy-production").Select(o => o.Conclusion));
    }

    [Fact]
    public async Task Credentials_assumed_before_the_build_steps_would_be_seen_by_the_image_build()
    {
        // Moves the image job's configure-aws-credentials step in front of the steps that build: the check in Image fails.
        var path = Generate();
        var yaml = File.ReadAllText(path);
        var job = yaml.IndexOf("  image:", StringComparison.Ordinal);
        var configureStart = yaml.IndexOf("      - name: Configure AWS credentials", job, StringComparison.Ordinal);
        var configureEnd = yaml.IndexOf("      - name: Run Push", configureStart, StringComparison.Ordinal);
        var configure = yaml[configureStart..configureEnd];
        var build = yaml.IndexOf("      - name: Run Restore, Compile, Publish, Image (no credentials)", job, StringComparison.Ordinal);
        File.WriteAllText(path, yaml[..build] + configure + yaml[build..configureStart] + yaml[configureEnd..]);
        _repository.Commit("credentials first");

        var outcomes = await RunAsync();

        var image = outcomes.Single(o => o.Job == "image");
        Assert.Equal((JobConclusion.Failure, "Run Restore, Compile, Publish, Image (no credentials)"), (image.Conclusion, image.FailedStep));
        Assert.Contains("error: Image ran with AWS credentials in its environment", image.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generator_refuses_that_slice_before_anything_runs()
    {
        var graph = new TargetGraph(Targets.Select(t => t.Name == "Publish" ? t with { Produces = [] } : t));

        var generation = new WorkflowFiles(graph, [ReferencePipelines.Delivery(Environments, imageCredentials: AwsRole.FromVariables)], new WorkflowOptions { Environments = Environments }).Generate();

        Assert.Contains(generation.Findings, f => f.Job == "deploy-dev" && f.Message.StartsWith("skips target 'Publish' but reads its output", StringComparison.Ordinal));
        Assert.Empty(generation.Files);
    }

    [Fact]
    public async Task The_image_job_does_not_run_outside_main()
    {
        Generate();
        _repository.Commit("delivery");

        var outcomes = await RunAsync(new RunnerSettings { Ref = "refs/heads/feature", EventName = "workflow_dispatch" } with { Variables = Variables });

        Assert.Equal(JobConclusion.Success, outcomes.Single(o => o.Job == "test").Conclusion);
        Assert.All(outcomes.Where(o => o.Job == "image" || o.Job.StartsWith("deploy-", StringComparison.Ordinal)), o => Assert.Equal(JobConclusion.Skipped, o.Conclusion));
        Assert.False(File.Exists(Path.Combine(_repository.State, "deployments.txt")));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task A_newer_run_cancels_the_production_job_waiting_for_approval_and_an_older_run_finishing_late_is_refused_at_dev()
    {
        var clock = Stopwatch.StartNew();
        Generate();
        _repository.Commit("delivery");
        var older = _repository.Head();
        await using var github = await DeliveryGitHub.StartAsync(["dev", "staging", "production"], reviewed: "production");
        var groups = new ConcurrencyGroups();
        RunnerSettings Run(long id, string commit) => github.Wire(DefaultSettings, id) with { Concurrency = groups, Commit = commit };

        // Run 1 deploys dev and staging, and its production job waits for a reviewer (pending in deploy-production).
        var first = RunAsync(Run(1, older));
        using (var stopWaiting = new CancellationTokenSource())
        {
            var waiting = github.WaitForReviewAsync(1, stopWaiting.Token);
            if (await Task.WhenAny(waiting, first) == first)
            {
                Assert.Fail($"run 1 ended without waiting for review: {string.Join(", ", (await first).Select(o => o.ToString()))}");
            }

            await waiting;
        }

        _repository.Commit("newer");
        var newer = _repository.Head();

        // Run 2, of a newer commit, queues its production job into the same group: run 1's is cancelled, not deployed.
        using var stopApproving = new CancellationTokenSource();
        var approval = github.ApproveWhenWaitingAsync(stopApproving.Token, runId: 2);
        var second = await RunAsync(Run(2, newer));
        var superseded = await first.WaitAsync(TimeSpan.FromMinutes(2)); // still waiting for review: nothing cancelled it
        await stopApproving.CancelAsync();

        var cancelled = superseded.Single(o => o.Job == "deploy-production");
        Assert.Equal(JobConclusion.Cancelled, cancelled.Conclusion);
        Assert.Contains("Canceling since a higher priority waiting request for 'deploy-production' exists", cancelled.Log, StringComparison.Ordinal);
        Assert.All(superseded.Where(o => o.Job != "deploy-production"), o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        Assert.All(second, o => Assert.True(o.Conclusion == JobConclusion.Success, $"{o}\n{o.Log}"));
        Assert.True(approval.IsCompletedSuccessfully && (await approval).Code == 0, $"run 2 was not approved: {(approval.IsCompletedSuccessfully ? (await approval).Output : approval.Status.ToString())}");
        var (oldImage, newImage) = (superseded.Single(o => o.Job == "image").Outputs["image"], second.Single(o => o.Job == "image").Outputs["image"]);
        Assert.NotEqual(oldImage, newImage);
        string[] deployed = [$"dev {oldImage}", $"staging {oldImage}", $"dev {newImage}", $"staging {newImage}", $"production {newImage}"];
        Assert.Equal(deployed, File.ReadAllLines(Path.Combine(_repository.State, "deployments.txt")));

        // GitHub's record: run 1's production deployment ended error without ever starting, run 1 no longer waits.
        Assert.Equal(["queued", "error"], Deployment(github, "production", older).Statuses.Select(s => s.State));
        Assert.Equal(["queued", "in_progress", "success"], Deployment(github, "production", newer).Statuses.Select(s => s.State));
        Assert.Equal(("completed", 0), (github.State.Runs[1].Status, github.State.Runs[1].Pending.Count));

        // An older run finishing late (run 3, the first commit, its dev job after run 2 deployed dev): refused, one line.
        var late = await RunAsync(Run(3, older) with { LeftOut = new HashSet<string>(["deploy-staging", "deploy-production"], StringComparer.Ordinal) });

        var refused = late.Single(o => o.Job == "deploy-dev");
        Assert.Equal((JobConclusion.Failure, "Run Deploy"), (refused.Conclusion, refused.FailedStep));
        var line = Assert.Single(refused.Log.Split('\n'), l => l.Contains("refused", StringComparison.Ordinal));
        Assert.Equal($"error: refused: commit {older[..12]} is older than what 'dev' runs, commit {newer[..12]}; a deploy never moves an environment back: ./build.sh Rollback --environment dev does", line);
        Assert.Equal(deployed, File.ReadAllLines(Path.Combine(_repository.State, "deployments.txt")));
        Assert.Equal(["queued", "in_progress", "failure"], Deployment(github, "dev", older, first: false).Statuses.Select(s => s.State));
        output.WriteLine($"scenario took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static Pipeline.GitHub.StandIn.FakeDeployment Deployment(DeliveryGitHub github, string environment, string sha, bool first = true)
    {
        lock (github.State)
        {
            var matching = github.State.Deployments.Where(d => d.Environment == environment && d.Sha == sha).ToList();
            return first ? matching[0] : matching[^1];
        }
    }

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/image",
        ["AWS_REGION"] = "eu-west-1",
    };

    private string Generate()
    {
        var files = new WorkflowFiles(new TargetGraph(Targets), [ReferencePipelines.Delivery(Environments, imageCredentials: AwsRole.FromVariables)], new WorkflowOptions { Environments = Environments });
        Assert.Single(files.Write(_repository.Root));
        return Path.Combine(_repository.Root, ".github", "workflows", "delivery.yml");
    }

    private static RunnerSettings DefaultSettings => new()
    {
        Variables = Variables,
        EnvironmentVariables = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["staging"] = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/staging" },
            ["production"] = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/production" },
        },
    };

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(RunnerSettings? settings = null)
    {
        settings ??= DefaultSettings;
        using var runner = new LocalWorkflowRunner(_repository.Root, settings with
        {
            MachineVariables = new Dictionary<string, string> { ["SYNTHETIC_STATE"] = _repository.State },
        }, output.WriteLine);
        return await runner.RunAsync(".github/workflows/delivery.yml");
    }
}
