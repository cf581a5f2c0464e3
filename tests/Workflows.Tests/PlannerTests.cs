using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;
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
            .Job("migrate", ["Migrate"], needs: ["image"]));

        Assert.Equal(["Restore", "Compile"], plan["build"].Runs);
        Assert.Equal(["Restore", "Compile"], plan["image"].Skips);
        Assert.Equal(["Publish", "Image", "Push"], plan["image"].Runs);
        Assert.Equal(["build", "image"], plan["migrate"].Needs); // 'build' directly too: Compile is in its plan
        Assert.Equal(["Restore", "Compile"], plan["migrate"].Skips);
        Assert.Equal(["Migrate"], plan["migrate"].Runs);
    }

    [Fact]
    public void A_job_that_skips_its_dependencies_runs_only_its_targets()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("cd")
            .Job("test", ["Test"])
            .Job("image", ["Push"])
            .Job("deploy", ["Deploy"], needs: ["image"], configure: j => j with { SkipDependencies = true }));

        Assert.Equal(["test", "image"], plan["deploy"].Needs);
        Assert.Equal(["Restore", "Compile", "Publish", "Test"], plan["deploy"].Skips);
        Assert.Equal(["Deploy"], plan["deploy"].Runs);
        Assert.True(plan["deploy"].SkipsAllDependencies);
        Assert.Empty(plan["deploy"].Downloads); // Deploy reads nothing of theirs
    }

    [Fact]
    public void A_job_that_skips_its_dependencies_still_runs_what_its_targets_trigger()
    {
        var graph = SampleGraph.Create(t => t.Name == "Deploy" ? t with { Triggers = ["Migrate"] } : t);

        var plan = WorkflowPlanner.Plan(graph, ReferencePipelines.Delivery([new("dev") { Promotion = 1 }]));

        Assert.Empty(plan.Findings);
        Assert.Equal(["Deploy", "Migrate"], plan["deploy-dev"].Runs);
        Assert.Equal(["Restore", "Compile", "Publish", "Test"], plan["deploy-dev"].Skips);
        Assert.False(plan["deploy-dev"].SkipsAllDependencies); // a bare --skip would skip the triggered target too
    }

    [Fact]
    public void A_job_cannot_skip_a_dependency_no_upstream_job_runs()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("cd")
            .Job("image", ["Push"])
            .Job("deploy", ["Deploy"], needs: ["image"], configure: j => j with { SkipDependencies = true }));

        Assert.Equal(
            "error: workflow 'cd', job 'deploy': skips target 'Test', which no job it needs runs; run 'Test' in an upstream job, or do not skip dependencies in this job",
            Assert.Single(plan.Findings, f => f.Severity == FindingSeverity.Error).ToString());
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
    public void Deploy_jobs_follow_the_promotion_order_and_run_only_the_deploy()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), ReferencePipelines.Delivery(SamplePipelines.Environments));

        Assert.Equal(["lint", "test", "integration", "image", "deploy-dev", "deploy-staging", "deploy-production"], plan.Jobs.Select(j => j.JobId));
        Assert.Equal(["lint", "test", "integration"], plan["image"].Needs);
        Assert.Equal(["test", "image"], plan["deploy-dev"].Needs);
        Assert.Equal(["test", "image", "deploy-staging"], plan["deploy-production"].Needs);
        foreach (var deploy in new[] { "deploy-dev", "deploy-staging", "deploy-production" })
        {
            Assert.Equal(["Deploy"], plan[deploy].Runs); // the image exists: nothing is rebuilt, not even the solution
            Assert.True(plan[deploy].SkipsAllDependencies);
        }
    }

    [Fact]
    public void Environments_with_the_same_promotion_deploy_in_parallel()
    {
        WorkflowEnvironment[] environments = [new("dev") { Promotion = 1 }, new("eu") { Promotion = 2 }, new("us") { Promotion = 2 }, new("prod") { Promotion = 3 }];

        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), ReferencePipelines.Delivery(environments));

        Assert.Equal(["test", "image", "deploy-dev"], plan["deploy-eu"].Needs);
        Assert.Equal(["test", "image", "deploy-dev"], plan["deploy-us"].Needs);
        Assert.Equal(["test", "image", "deploy-eu", "deploy-us"], plan["deploy-prod"].Needs);
    }

    [Fact]
    public void A_process_environment_gets_the_published_service_as_an_artifact()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), ReferencePipelines.Delivery([new("dev") { Promotion = 1, NeedsPublishedService = true }]));

        var transfer = new ArtifactTransfer("image-artifacts-publish", "artifacts/publish", "image", "Publish");
        Assert.Empty(plan.Findings);
        Assert.Equal([transfer], plan["deploy-dev"].Downloads);
        Assert.Equal([transfer], plan["image"].Uploads);
        Assert.Equal(["Deploy"], plan["deploy-dev"].Runs);
    }

    [Fact]
    public void A_process_environment_whose_deploy_skips_publish_without_an_artifact_fails()
    {
        var graph = SampleGraph.Create(t => t.Name == "Publish" ? t with { Produces = [] } : t);

        var plan = WorkflowPlanner.Plan(graph, ReferencePipelines.Delivery([new("dev") { Promotion = 1, NeedsPublishedService = true }]));

        Assert.Equal(
            "error: workflow 'delivery', job 'deploy-dev': skips target 'Publish' but reads its output, and no artifact hands it over: 'Publish' declares no Produces; "
            + "declare the path it writes with .Produces(…) so it travels as an artifact, or list 'Publish' in RepeatedTargets to run it again here",
            Assert.Single(plan.Findings, f => f.Severity == FindingSeverity.Error).ToString());
    }

    [Fact]
    public void A_repeated_target_whose_output_cannot_be_handed_over_runs_again()
    {
        var graph = SampleGraph.Create(t => t.Name == "Publish" ? t with { Produces = [] } : t);
        var delivery = ReferencePipelines.Delivery(
            [new("dev") { Promotion = 1, NeedsPublishedService = true }], new DeliveryTargets { Repeated = ["Restore", "Compile", "Publish"] });

        var plan = WorkflowPlanner.Plan(graph, delivery);

        Assert.DoesNotContain(plan.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(["Publish", "Deploy"], plan["deploy-dev"].Runs);
        Assert.Equal(["Restore", "Compile", "Test"], plan["deploy-dev"].Skips);
        Assert.False(plan["deploy-dev"].SkipsAllDependencies);
    }

    [Fact]
    public void A_matrix_job_cannot_hand_an_artifact_downstream()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("build", ["Compile"], configure: j => j with { Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["ubuntu-latest", "windows-latest"] }) })
            .Job("test", ["Test"]));

        Assert.Equal(
            "error: workflow 'ci', job 'build': runs as a matrix, so every leg would upload artifact 'build-artifacts-bin' ('artifacts/bin' of target 'Compile') "
            + "that job 'test' downloads — a conflict since upload-artifact v4; run 'Compile' in a job without a matrix",
            Assert.Single(plan.Findings, f => f.Severity == FindingSeverity.Error).ToString());
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
            .Job("publish-a", ["Publish"])
            .Job("publish-b", ["Publish"])
            .Job("image", ["Push"]));

        var error = Assert.Single(plan.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(
            "error: workflow 'ci', job 'image': runs target 'Publish', which jobs 'publish-a', 'publish-b' run too; add the one it must follow to its needs",
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
    public void The_same_target_run_in_parallel_with_other_parameters_is_not_duplicated_work()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("publish", ["Publish"])
            .Job("image-worker", ["Push"], configure: j => j with { Parameters = new Dictionary<string, string> { ["service"] = "worker" } })
            .Job("image-web", ["Push"], configure: j => j with { Parameters = new Dictionary<string, string> { ["service"] = "web" } }));

        Assert.DoesNotContain(plan.Findings, f => f.Message.Contains("'Image'", StringComparison.Ordinal));
        Assert.Equal(["publish"], plan.Jobs.Single(j => j.JobId == "image-worker").Needs);
    }

    [Fact]
    public void The_same_target_run_in_parallel_with_the_same_parameters_stays_a_warning()
    {
        var plan = WorkflowPlanner.Plan(SampleGraph.Create(), new WorkflowDefinition("ci")
            .Job("publish", ["Publish"])
            .Job("image-a", ["Push"], configure: j => j with { Parameters = new Dictionary<string, string> { ["service"] = "worker" } })
            .Job("image-b", ["Push"], configure: j => j with { Parameters = new Dictionary<string, string> { ["service"] = "worker" } }));

        var warning = Assert.Single(plan.Findings, f => f.Message.Contains("'Image'", StringComparison.Ordinal));
        Assert.Contains("runs in jobs 'image-a', 'image-b' in parallel", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_plans_match_the_engines_plan_with_skips()
    {
        var graph = SampleGraph.Create();
        var plan = WorkflowPlanner.Plan(graph, ReferencePipelines.Delivery(SamplePipelines.Environments));

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

    [Fact]
    public void An_environments_variables_reach_its_deploy_job_under_their_names()
    {
        var delivery = ReferencePipelines.Delivery([new("dev") { Promotion = 1, Variables = ["SERVICE_URL"] }, new("prod") { Promotion = 2 }]);

        Assert.Equal("${{ vars.SERVICE_URL }}", delivery.Jobs.Single(j => j.Id == "deploy-dev").Env["SERVICE_URL"]);
        Assert.Empty(delivery.Jobs.Single(j => j.Id == "deploy-prod").Env.Keys); // the token reaches the deploy step alone
    }
}
