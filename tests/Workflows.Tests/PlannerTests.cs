using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Tests;

public sealed class PlannerTests
{
    [Fact]
    public void Needs_are_derived_from_target_dependencies_that_cross_jobs()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("build", ["Compile"])
            .Job("test", ["Test"])
            .Job("lint", ["Lint"]));

        Assert.Empty(plan["build"].Needs);
        Assert.Equal(["build"], plan["test"].Needs);
        Assert.Empty(plan["lint"].Needs); // Lint depends on Restore only, which no job owns
    }

    [Fact]
    public void A_job_skips_what_upstream_jobs_ran_and_runs_the_rest()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("build", ["Compile"])
            .Job("image", ["Push"])
            .Job("deploy", ["Deploy"]));

        Assert.Equal(["Restore", "Compile"], plan["build"].Runs);
        Assert.Equal(["Restore", "Compile"], plan["image"].Skips);
        Assert.Equal(["Image", "Push"], plan["image"].Runs);
        Assert.Equal(["build", "image"], plan["deploy"].Needs);
        Assert.Equal(["Restore", "Compile", "Image", "Push"], plan["deploy"].Skips);
        Assert.Equal(["Migrate", "Deploy"], plan["deploy"].Runs);
    }

    [Fact]
    public void Skips_cover_transitive_needs()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("build", ["Compile"])
            .Job("image", ["Push"])
            .Job("deploy", ["Deploy"], needs: ["image"]));

        // 'deploy' needs 'build' directly too (Compile is in its plan), and skips what 'image' ran through it.
        Assert.Equal(["Restore", "Compile", "Image", "Push"], plan["deploy"].Skips);
    }

    [Fact]
    public void Repeated_targets_run_again_in_every_job_that_needs_them()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci") { RepeatedTargets = ["Restore", "Compile"] }
            .Job("build", ["Compile"])
            .Job("test", ["Test"], needs: ["build"]));

        Assert.Empty(plan["test"].Skips);
        Assert.Equal(["Restore", "Compile", "Test"], plan["test"].Runs);
        Assert.Empty(plan["test"].Downloads); // Compile ran here, so artifacts/bin is local
    }

    [Fact]
    public void A_job_that_repeats_an_upstream_jobs_target_repeats_its_slice()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), ReferencePipelines.Delivery());

        Assert.Equal(["lint", "test", "integration"], plan["image"].Needs);
        Assert.Equal(["image"], plan["deploy-dev"].Needs);
        Assert.Equal(["image", "deploy-staging"], plan["deploy-production"].Needs);
        foreach (var deploy in new[] { "deploy-dev", "deploy-staging", "deploy-production" })
        {
            Assert.Equal(["Image", "Push"], plan[deploy].Skips); // built once: never rebuilt by a deploy
            Assert.Equal(["Restore", "Compile", "Migrate", "Deploy"], plan[deploy].Runs); // migrated per environment
        }
    }

    [Fact]
    public void Produced_paths_consumed_downstream_travel_as_artifacts()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), SamplePipelines.ManualApproval());

        var transfer = Assert.Single(plan["publish"].Downloads);
        Assert.Equal(new ArtifactTransfer("pack-artifacts-packages", "artifacts/packages", "pack", "Pack"), transfer);
        Assert.Equal([transfer], plan["pack"].Uploads);
        Assert.Equal("artifacts/packages", transfer.DownloadPath);
        Assert.Equal("artifacts", new ArtifactTransfer("x", "artifacts/app.zip", "a", "A").DownloadPath);
    }

    [Fact]
    public void A_target_run_by_several_jobs_needs_an_explicit_choice()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("image-a", ["Push"])
            .Job("image-b", ["Push"])
            .Job("deploy", ["Deploy"]));

        var error = Assert.Single(plan.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(
            "error: workflow 'ci', job 'deploy': runs target 'Push', which jobs 'image-a', 'image-b' run too; add the one it must follow to its needs",
            error.ToString());
    }

    [Fact]
    public void Unowned_targets_run_in_parallel_jobs_are_a_warning()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci").Job("lint", ["Lint"]).Job("test", ["Test"]));

        var warning = Assert.Single(plan.Findings, f => f.Message.Contains("'Restore'", StringComparison.Ordinal));
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains("runs in jobs 'lint', 'test' in parallel", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_plans_match_the_engines_plan_with_skips()
    {
        var graph = SampleGraph.Create();
        var plan = WorkflowPlanner.Plan(graph, ReferencePipelines.Delivery());

        foreach (var job in plan.Jobs)
        {
            Assert.Equal(graph.Plan(job.Targets, job.Skips), job.Runs);
        }
    }

    [Fact]
    public void Triggered_targets_belong_to_the_slice()
    {
        var graph = new TargetGraph([new TargetInfo("Deploy") { Triggers = ["Notify"] }, new TargetInfo("Notify")]);
        var plan = WorkflowPlanner.Plan(graph, new WorkflowDefinition("d").Job("deploy", ["Deploy"]));

        Assert.Equal(["Deploy", "Notify"], plan["deploy"].Runs);
    }
}
