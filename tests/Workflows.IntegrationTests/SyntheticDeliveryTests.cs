using Pipeline.Engine.Graph;
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

    private static readonly DeliveryEnvironment[] Environments =
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

    private async Task<IReadOnlyList<JobOutcome>> RunAsync(RunnerSettings? settings = null)
    {
        settings ??= new RunnerSettings
        {
            Variables = Variables,
            EnvironmentVariables = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["staging"] = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/staging" },
                ["production"] = new Dictionary<string, string> { ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/production" },
            },
        };
        using var runner = new LocalWorkflowRunner(_repository.Root, settings with
        {
            MachineVariables = new Dictionary<string, string> { ["SYNTHETIC_STATE"] = _repository.State },
        }, output.WriteLine);
        return await runner.RunAsync(".github/workflows/delivery.yml");
    }
}
