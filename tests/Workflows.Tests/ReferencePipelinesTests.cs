using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Tests;

/// <summary>The reference pipelines generate for any build: only the jobs of the targets the build has.</summary>
public sealed class ReferencePipelinesTests
{
    private static readonly IReadOnlyList<WorkflowEnvironment> Environments = [new("dev") { Promotion = 1 }, new("prod") { Promotion = 2 }];

    private static TargetGraph Without(params string[] targets) =>
        new(SampleGraph.Targets.Where(t => !targets.Contains(t.Name)).Select(t => t with { DependsOn = [.. t.DependsOn.Where(d => !targets.Contains(d))] }));

    private static (WorkflowGeneration Generation, Dictionary<string, IReadOnlyList<JobDefinition>> Jobs) Generate(TargetGraph graph)
    {
        var definitions = ReferencePipelines.All(Environments, new DeliveryTargets().Within(graph));
        var generation = new WorkflowFiles(graph, definitions, new() { Environments = Environments }).Generate();
        return (generation, definitions.ToDictionary(d => d.FileName, d => d.Jobs));
    }

    private static IEnumerable<string> Errors(WorkflowGeneration generation) =>
        generation.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.ToString());

    [Fact]
    public void A_build_without_integration_gets_no_integration_job_and_the_image_waits_for_the_checks_it_has()
    {
        var (generation, jobs) = Generate(Without("Integration"));

        Assert.Empty(Errors(generation));
        Assert.Equal(
            [".github/workflows/delivery.yml", ".github/workflows/promote.yml", ".github/workflows/pull-request.yml", ".github/workflows/rollback.yml"],
            generation.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["lint", "test"], jobs["pull-request"].Select(j => j.Id));
        Assert.Equal(["lint", "test", "image", "deploy-dev", "deploy-prod"], jobs["delivery"].Select(j => j.Id));
        Assert.Equal(["lint", "test"], jobs["delivery"].Single(j => j.Id == "image").Needs);
        Assert.Equal(["image", "deploy-dev"], jobs["delivery"].Single(j => j.Id == "deploy-prod").Needs);
        Assert.DoesNotContain("integration", string.Concat(generation.Files.Values), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_image_target_each_deploy_follows_the_checks_from_main_and_passes_no_image()
    {
        var (generation, jobs) = Generate(Without("Push", "Lint"));

        Assert.Equal([], Errors(generation));
        Assert.Equal(["test", "integration", "deploy-dev", "deploy-prod"], jobs["delivery"].Select(j => j.Id));
        var dev = jobs["delivery"].Single(j => j.Id == "deploy-dev");
        Assert.Equal(["test", "integration"], dev.Needs);
        Assert.Equal(ReferencePipelines.MainBranch, dev.If);
        Assert.Equal(["environment"], dev.Parameters.Keys);
        Assert.Equal(["deploy-dev"], jobs["delivery"].Single(j => j.Id == "deploy-prod").Needs);
        Assert.Equal(["Workflows"], jobs["pull-request"].Single(j => j.Id == "lint").Targets); // --verify, without Lint
    }

    [Fact]
    public void A_build_with_none_of_the_targets_gets_no_workflow_rather_than_an_error()
    {
        var graph = new TargetGraph([new TargetInfo("Hello")]);

        var (generation, jobs) = Generate(graph);

        Assert.Empty(jobs);
        Assert.Empty(generation.Findings);
    }

    [Fact]
    public void Targets_named_explicitly_are_kept_so_a_misspelt_one_is_still_reported()
    {
        var graph = Without("Integration");
        var definitions = ReferencePipelines.All(Environments, new DeliveryTargets { Integration = "Integation" });

        var errors = Errors(new WorkflowFiles(graph, definitions, new() { Environments = Environments }).Generate()).ToList();

        Assert.Equal(2, errors.Count); // one job in each workflow
        Assert.All(errors, e => Assert.Contains("runs unknown target 'Integation'", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_build_declaring_services_gets_one_image_job_per_service_in_parallel_and_one_deploy_per_environment()
    {
        var graph = Without("ImageWorker", "PushWorker", "Publish", "Migrate", "Pack", "PushPackages");
        var definitions = ReferencePipelines.All(Environments, new DeliveryTargets().Within(graph), ["worker", "orchestrator"], imageCredentials: AwsRole.FromVariables);

        var generation = new WorkflowFiles(graph, definitions, new() { Environments = Environments }).Generate();

        Assert.Empty(generation.Findings);
        var jobs = definitions.Single(d => d.FileName == "delivery").Jobs;
        Assert.Equal(["lint", "test", "integration", "image-worker", "image-orchestrator", "deploy-dev", "deploy-prod"], jobs.Select(j => j.Id));
        var worker = jobs.Single(j => j.Id == "image-worker");
        Assert.Equal(["lint", "test", "integration"], worker.Needs);
        Assert.Equal("worker", worker.Parameters["service"]);
        Assert.Equal(["image-worker", "image-orchestrator"], jobs.Single(j => j.Id == "deploy-dev").Needs);
        Assert.Equal(["image-worker", "image-orchestrator", "deploy-dev"], jobs.Single(j => j.Id == "deploy-prod").Needs);
        Assert.Equal(
            "worker=${{ needs.image-worker.outputs.image }},orchestrator=${{ needs.image-orchestrator.outputs.image }}",
            jobs.Single(j => j.Id == "deploy-prod").Parameters["image"]);

        var yaml = generation.Files[".github/workflows/delivery.yml"];
        Assert.Matches(@"./build.sh Push --skip --service worker\n", yaml);
        Assert.Matches(@"./build.sh Push --skip --service orchestrator\n", yaml);
        Assert.Equal(2, yaml.Split("environment:").Length - 1); // one approval per environment, not per service
    }
}
