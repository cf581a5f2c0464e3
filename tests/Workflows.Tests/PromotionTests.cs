using Pipeline.Engine.Graph;
using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Tests;

/// <summary>Promotion declared per environment: which pushes deploy it, the promote and rollback workflows, what a deploy job gets.</summary>
public sealed class PromotionTests
{
    private static readonly IReadOnlyList<WorkflowEnvironment> Environments = SamplePipelines.PerBranch;

    private static Dictionary<string, WorkflowDefinition> Definitions() =>
        ReferencePipelines.All(Environments, new DeliveryTargets().Within(SampleGraph.Create())).ToDictionary(d => d.FileName);

    private static Workflow Generated(WorkflowDefinition definition)
    {
        var generated = WorkflowGenerator.Generate(SampleGraph.Create(), definition, new WorkflowOptions { Environments = Environments });
        Assert.Empty(generated.Findings);
        return generated.Workflow!;
    }

    [Fact]
    public void Each_environment_deploys_on_pushes_to_its_own_branches_and_a_manual_one_is_left_to_promote()
    {
        var delivery = Definitions()["delivery"];

        Assert.Equal(["main", "develop"], delivery.On.Push!.Branches);
        var jobs = delivery.Jobs.ToDictionary(j => j.Id);
        Assert.Equal("github.ref == 'refs/heads/main' || github.ref == 'refs/heads/develop'", jobs["image"].If);
        Assert.Equal("github.ref == 'refs/heads/develop'", jobs["deploy-dev"].If);
        Assert.Equal("github.ref == 'refs/heads/main'", jobs["deploy-staging"].If);
        // staging deploys from main, which dev never does: it follows the image, not a deploy its branch skips.
        Assert.Equal(["image"], jobs["deploy-staging"].Needs);
        Assert.DoesNotContain("deploy-production", jobs.Keys);
    }

    [Fact]
    public void Environments_deploying_from_the_same_branches_keep_their_promotion_order_without_an_if()
    {
        var delivery = ReferencePipelines.Delivery([new("dev") { Promotion = 1 }, new("prod") { Promotion = 2 }], deliveryBranches: ["main"]);

        var prod = delivery.Jobs.Single(j => j.Id == "deploy-prod");
        Assert.Null(prod.If);
        Assert.Equal(["image", "deploy-dev"], prod.Needs);
        Assert.Equal(ReferencePipelines.MainBranch, delivery.Jobs.Single(j => j.Id == "image").If);
    }

    [Fact]
    public void Promote_deploys_the_dispatched_digest_to_the_chosen_environment_without_building_or_testing()
    {
        var workflow = Generated(Definitions()["promote"]);

        var inputs = workflow.On.WorkflowDispatch!.Inputs;
        Assert.Equal(["dev", "staging", "production"], inputs.Single(i => i.Name == "environment").Options);
        Assert.True(inputs.Single(i => i.Name == "image").Required);
        Assert.Null(workflow.On.Push);
        var production = workflow.Jobs.Single(j => j.Id == "deploy-production");
        Assert.Equal("inputs.environment == 'production'", production.If);
        Assert.Equal(["build-project"], production.Needs);
        var deploy = production.Steps.Single(s => s.Id == WorkflowGenerator.BuildStepId);
        Assert.Equal("./build.sh Deploy --skip --environment production --image \"$IMAGE\" --promote true", deploy.Run);
        Assert.Equal("${{ inputs.image }}", deploy.Env["IMAGE"]);
        Assert.DoesNotContain(workflow.Jobs.SelectMany(j => j.Steps), s => s.Run?.Contains("Test", StringComparison.Ordinal) == true || s.Run?.Contains("Publish", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_manual_environment_no_workflow_can_deploy_is_a_warning_naming_what_the_promote_workflow_needs()
    {
        var withoutPush = new TargetGraph([new("Publish"), new("Image") { DependsOn = ["Publish"] }, new("Deploy") { DependsOn = ["Publish"] }, new("Rollback")]);
        var files = new WorkflowFiles(withoutPush, ReferencePipelines.All(Environments, new DeliveryTargets().Within(withoutPush)), new WorkflowOptions { Environments = Environments });

        var finding = Assert.Single(files.Generate().Findings);
        Assert.Equal(
            "warning: workflow 'promote': environment 'production' is deployed only by promotion (DeployTrigger.Manual), and no workflow deploys it: "
            + "the promote workflow promotes a pushed digest, so it is generated only for a build with both a Push and a Deploy target (IPush, IDeploy); "
            + "add them, or declare a workflow whose job deploys it",
            finding.ToString());
        Assert.Empty(new WorkflowFiles(SampleGraph.Create(), Definitions().Values, new WorkflowOptions { Environments = Environments }).Generate().Findings);
    }

    [Fact]
    public void An_environment_deploying_the_published_service_cannot_be_promoted()
    {
        var promote = ReferencePipelines.Promote([new("local-ci") { Promotion = 1, NeedsPublishedService = true }, new("dev") { Promotion = 2 }]);

        Assert.Equal(["deploy-dev"], promote.Jobs.Select(j => j.Id));
    }

    [Fact]
    public void Rollback_runs_the_rollback_target_through_the_chosen_environment()
    {
        var workflow = Generated(Definitions()["rollback"]);

        Assert.Equal(["build-project", "rollback-dev", "rollback-staging", "rollback-production"], workflow.Jobs.Select(j => j.Id));
        var staging = workflow.Jobs.Single(j => j.Id == "rollback-staging");
        Assert.Equal("staging", staging.Environment!.Name);
        Assert.Equal("deploy-staging", staging.Concurrency!.Group);
        Assert.Equal("./build.sh Rollback --environment staging", staging.Steps.Single(s => s.Id == WorkflowGenerator.BuildStepId).Run);
    }

    [Fact]
    public void A_declared_deploy_job_gets_deployments_write_and_the_token_in_its_deploy_step_only()
    {
        var definition = new WorkflowDefinition("deploy") { On = new WorkflowTriggers { WorkflowDispatch = new WorkflowDispatchTrigger() } }
            .Deploy("ship", ["Deploy"], "dev", credentials: AwsRole.FromVariables);

        var job = WorkflowGenerator.Generate(SampleGraph.Create(), definition).Workflow!.Jobs.Single();

        Assert.Equal(PermissionLevel.Write, job.Permissions!["deployments"]);
        Assert.DoesNotContain(WorkflowGenerator.TokenVariable, job.Env.Keys);
        var withToken = job.Steps.Where(s => s.Env.ContainsKey(WorkflowGenerator.TokenVariable)).ToList();
        Assert.Equal([WorkflowGenerator.BuildStepId], withToken.Select(s => s.Id));
        Assert.Equal("${{ github.token }}", withToken[0].Env[WorkflowGenerator.TokenVariable]);
    }

    [Fact]
    public void A_push_trigger_without_branches_is_refused_in_one_line()
    {
        Assert.Contains("names no branch", DeployTrigger.OnPush().Validate("dev"), StringComparison.Ordinal);
        Assert.Null(DeployTrigger.Manual.Validate("production"));
        Assert.Equal(DeployTrigger.OnPush("develop"), DeployTrigger.OnPush("develop"));
    }

    [Fact]
    public void The_generated_files_are_deterministic()
    {
        string Render() => string.Concat(new WorkflowFiles(SampleGraph.Create(), ReferencePipelines.All(Environments), new() { Environments = Environments }).Generate().Files.Values);

        Assert.Equal(Render(), Render());
    }
}
