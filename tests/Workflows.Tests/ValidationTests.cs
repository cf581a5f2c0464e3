using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Model;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Tests;

public sealed class ValidationTests
{
    private static string SingleError(WorkflowDefinition definition) =>
        Assert.Single(WorkflowGenerator.Generate(SampleGraph.Create(), definition).Findings, f => f.Severity == FindingSeverity.Error).ToString();

    private static string SingleError(Workflow workflow, IReadOnlyCollection<string>? secrets = null) =>
        Assert.Single(WorkflowValidator.Validate(workflow, "w", secrets), f => f.Severity == FindingSeverity.Error).ToString();

    private static Job RunJob(string id, string run = "echo hi") => new(id)
    {
        Permissions = Permissions.ContentsRead,
        Steps = [Step.Script("Say", run)],
    };

    [Fact]
    public void Cycle_between_jobs() => Assert.Equal(
        "error: workflow 'ci': jobs need each other in a cycle: build → test → build; remove an explicit need, or move a target so that no job runs a dependency of a job that needs it",
        SingleError(new WorkflowDefinition("ci").Job("build", ["Compile"], needs: ["test"]).Job("test", ["Test"])));

    [Fact]
    public void Needs_naming_an_unknown_job() => Assert.Equal(
        "error: workflow 'ci', job 'test': needs unknown job 'biuld'. Did you mean 'build'?",
        SingleError(new WorkflowDefinition("ci").Job("build", ["Compile"]).Job("test", ["Test"], needs: ["biuld"])));

    [Fact]
    public void Expression_naming_an_unknown_job() => Assert.Equal(
        "error: workflow 'ci', job 'deploy': needs unknown job 'img'. Did you mean 'image'?",
        SingleError(new WorkflowDefinition("ci").Job("image", ["Push"])
            .Deploy("deploy", ["Deploy"], "dev", parameters: new Dictionary<string, string> { ["image"] = Expressions.JobOutput("img", "image") })));

    [Fact]
    public void Duplicate_job_id() => Assert.Equal(
        "error: workflow 'ci', job 'Test': the job id is declared twice; job ids must be unique within a workflow",
        SingleError(new WorkflowDefinition("ci").Job("test", ["Test"]).Job("Test", ["Lint"])));

    [Fact]
    public void Invalid_job_id() => Assert.Equal(
        "error: workflow 'ci', job '1st test': the job id is invalid: it must start with a letter or '_' and contain only letters, digits, '-' and '_'",
        SingleError(new WorkflowDefinition("ci").Job("1st test", ["Test"])));

    [Fact]
    public void Unknown_target() => Assert.Equal(
        "error: workflow 'ci', job 'test': runs unknown target 'Tset'. Did you mean 'Test'?",
        SingleError(new WorkflowDefinition("ci").Job("test", ["Tset"])));

    [Fact]
    public void Deploy_job_without_environment() => Assert.Equal(
        "error: workflow 'cd', job 'deploy': is a deploy job without an environment; give it one so the environment's protection rules, variables and the deploy concurrency group apply",
        SingleError(new WorkflowDefinition("cd").Deploy("deploy", ["Deploy"], "dev", configure: j => j with { Environment = null })));

    [Fact]
    public void Secret_referenced_but_not_declared() => Assert.Equal(
        "error: workflow 'release', job 'publish': references secret 'NUGET_API_KEY' that is not declared; add it to the definition's Secrets",
        SingleError(SamplePipelines.ManualApproval() with { Secrets = [] }));

    [Fact]
    public void Consumed_artifact_from_a_job_not_needed()
    {
        // PushPackages no longer depends on Pack, so nothing makes 'publish' need 'pack', yet it consumes what Pack produces.
        var graph = SampleGraph.Create(t => t.Name == "PushPackages" ? t with { DependsOn = [] } : t);
        var definition = new WorkflowDefinition("release").Job("pack", ["Pack"]).Job("publish", ["PushPackages"]);

        var error = Assert.Single(WorkflowGenerator.Generate(graph, definition).Findings, f => f.Severity == FindingSeverity.Error);

        Assert.Equal(
            "error: workflow 'release', job 'publish': target 'PushPackages' consumes 'artifacts/packages/Pipeline.nupkg', which target 'Pack' produces in job 'pack'; add 'pack' to this job's needs",
            error.ToString());
    }

    [Fact]
    public void Unpinned_action() => Assert.Equal(
        "error: workflow 'w', job 'a': step 'Check out' uses 'actions/checkout@v4', not pinned to a full commit SHA; pin it (see ActionPins)",
        SingleError(new Workflow("w") { Jobs = [RunJob("a") with { Steps = [Step.Action("Check out", new ActionPin("actions/checkout", "v4", "v4"))] }] }));

    [Theory]
    [InlineData("echo ${{ github.event.pull_request.title }}", "github.event.pull_request.title")]
    [InlineData("echo ${{ github.head_ref }}", "github.head_ref")]
    [InlineData("echo ${{ inputs.note }}", "inputs.note")]
    [InlineData("deploy ${{ needs.image.outputs.image }}", "needs.image.outputs.image")]
    public void Untrusted_expression_inline_in_a_script(string run, string expression) => Assert.Equal(
        $"error: workflow 'w', job 'a': step 'Say' puts '{expression}' straight into its script; pass it through the step's env: and use \"$VARIABLE\"",
        SingleError(new Workflow("w") { Jobs = [RunJob("image"), RunJob("a", run) with { Needs = ["image"] }] }));

    [Fact]
    public void Trusted_expressions_in_scripts_are_fine() =>
        Assert.Empty(WorkflowValidator.Validate(new Workflow("w") { Jobs = [RunJob("a", "echo ${{ github.sha }} ${{ github.event_name }} ${{ runner.os }}")] }, "w"));

    [Fact]
    public void Pull_request_target_with_a_checkout_of_the_head() => Assert.Equal(
        "error: workflow 'w', job 'a': step 'Check out' checks out the pull request's head in a pull_request_target workflow, which runs untrusted code with the base repository's secrets; use the pull_request trigger instead",
        SingleError(new Workflow("w")
        {
            On = new WorkflowTriggers { PullRequestTarget = new PullRequestTrigger() },
            Jobs = [RunJob("a") with
            {
                Steps = [Step.Action("Check out", ActionPins.Default.Checkout, new Dictionary<string, string> { ["ref"] = "${{ github.event.pull_request.head.sha }}" })],
            }],
        }));

    [Fact]
    public void Output_of_a_job_not_needed() => Assert.Equal(
        "error: workflow 'w', job 'a': refers to needs.image but does not need 'image'; add it to the job's needs",
        SingleError(new Workflow("w") { Jobs = [RunJob("image"), RunJob("a") with { Env = new Dictionary<string, string> { ["I"] = "${{ needs.image.outputs.x }}" } }] }));

    [Fact]
    public void Model_cycle_between_jobs() => Assert.Equal(
        "error: workflow 'w': jobs need each other in a cycle: a → b → a; remove one of these needs",
        SingleError(new Workflow("w") { Jobs = [RunJob("a") with { Needs = ["b"] }, RunJob("b") with { Needs = ["a"] }] }));

    [Fact]
    public void Model_needs_naming_an_unknown_job() => Assert.Equal(
        "error: workflow 'w', job 'a': needs unknown job 'b'",
        SingleError(new Workflow("w") { Jobs = [RunJob("a") with { Needs = ["b"] }] }));

    [Fact]
    public void Model_secret_not_declared() => Assert.Equal(
        "error: workflow 'w', job 'a': references secret 'TOKEN' that is not declared; add it to the definition's Secrets",
        SingleError(new Workflow("w") { Jobs = [RunJob("a") with { Env = new Dictionary<string, string> { ["T"] = "${{ secrets.TOKEN }}", ["G"] = "${{ secrets.GITHUB_TOKEN }}" } }] }, []));

    [Fact]
    public void Job_without_permissions_is_a_warning()
    {
        var finding = Assert.Single(WorkflowValidator.Validate(new Workflow("w") { Permissions = null, Jobs = [RunJob("a") with { Permissions = null }] }, "w"));
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
    }

    [Fact]
    public void An_OIDC_token_without_a_sign_in_action_is_a_warning_whichever_cloud_signs_in()
    {
        var oidc = Permissions.ContentsRead.With("id-token", PermissionLevel.Write);
        var signIn = Step.Action("Sign in", new ActionPin("other-cloud/login", "0123456789abcdef0123456789abcdef01234567", "v1"), new Dictionary<string, string>());
        var checkout = Step.Action("Checkout", ActionPins.Default.Checkout, new Dictionary<string, string>());

        var finding = Assert.Single(WorkflowValidator.Validate(new Workflow("w") { Jobs = [RunJob("a") with { Permissions = oidc, Steps = [checkout, .. RunJob("a").Steps] }] }, "w"));
        Assert.Equal("warning: workflow 'w', job 'a': has id-token: write but no sign-in action uses it; grant it only to jobs that sign in with OIDC", finding.ToString());
        Assert.Empty(WorkflowValidator.Validate(new Workflow("w") { Jobs = [RunJob("a") with { Permissions = oidc, Steps = [checkout, signIn, .. RunJob("a").Steps] }] }, "w"));
    }

    [Fact]
    public void Errors_block_writing_and_each_is_named_on_its_line()
    {
        var root = Directory.CreateTempSubdirectory("workflows-").FullName;
        var files = new WorkflowFiles(SampleGraph.Create(), [new WorkflowDefinition("ci").Job("test", ["Tset"]).Job("lint", ["Lnt"])]);

        var exception = Assert.Throws<WorkflowValidationException>(() => files.Write(root));

        Assert.Equal(
            [
                "2 errors in the workflow definitions; nothing was written",
                "error: workflow 'ci', job 'test': runs unknown target 'Tset'. Did you mean 'Test'?",
                "error: workflow 'ci', job 'lint': runs unknown target 'Lnt'. Did you mean 'Lint'?",
            ],
            exception.Message.Split('\n'));
        Assert.Equal(2, exception.Findings.Count);
        Assert.False(Directory.Exists(Path.Combine(root, ".github")));
    }
    private static string SingleError(WorkflowDefinition definition, IReadOnlyList<WorkflowEnvironment> environments) =>
        Assert.Single(WorkflowGenerator.Generate(SampleGraph.Create(), definition, new WorkflowOptions { Environments = environments }).Findings,
            f => f.Severity == FindingSeverity.Error).ToString();

    [Fact]
    public void Deploy_job_for_an_environment_the_build_does_not_declare() => Assert.Equal(
        "error: workflow 'delivery', job 'deploy-qa': deploys to environment 'qa', which the build does not declare (declared: local, dev, staging, production); "
        + "declare it in the build's Environments, or remove the job",
        SingleError(ReferencePipelines.Delivery(SamplePipelines.Environments)
            .Deploy("deploy-qa", ["Deploy"], "qa", needs: ["image"], configure: j => j with { SkipDependencies = true }), SamplePipelines.Environments));

    [Fact]
    public void Deploy_jobs_for_declared_environments_pass()
    {
        var generated = WorkflowGenerator.Generate(SampleGraph.Create(), ReferencePipelines.Delivery(SamplePipelines.Environments),
            new WorkflowOptions { Environments = SamplePipelines.Environments });

        Assert.Empty(generated.Findings);
    }

    [Fact]
    public void Choice_input_offering_an_undeclared_environment() => Assert.Equal(
        "error: workflow 'deploy', job 'deploy': deploys to environment 'production', which the build does not declare (declared: dev, staging); "
        + "declare it in the build's Environments, or remove the job",
        SingleError(SamplePipelines.DispatchWithEnvironmentChoice(), [new("dev"), new("staging")]));

    [Fact]
    public void Environment_from_an_input_that_is_empty_on_a_schedule() => Assert.Equal(
        "error: workflow 'nightly', job 'deploy': takes its environment from inputs.target, which is empty when the workflow runs on schedule "
        + "(GitHub would use environment: ''); give a default, e.g. \"${{ inputs.target || 'staging' }}\", or make the input required and drop the other triggers",
        SingleError(new WorkflowDefinition("nightly")
        {
            On = new WorkflowTriggers
            {
                Schedule = ["0 3 * * *"],
                WorkflowDispatch = new WorkflowDispatchTrigger { Inputs = [new WorkflowInput("target", WorkflowInputType.Environment) { Required = true }] },
            },
        }.Deploy("deploy", ["Deploy"], Expressions.Input("target"))));

    [Fact]
    public void Environment_from_an_optional_input_without_default() => Assert.Contains(
        "is empty when the workflow runs on workflow_dispatch without it",
        SingleError(new WorkflowDefinition("d")
        {
            On = new WorkflowTriggers { WorkflowDispatch = new WorkflowDispatchTrigger { Inputs = [new WorkflowInput("target", WorkflowInputType.Environment)] } },
        }.Deploy("deploy", ["Deploy"], Expressions.Input("target"))),
        StringComparison.Ordinal);

    [Fact]
    public void Environment_from_an_input_with_a_fallback_passes()
    {
        var definition = new WorkflowDefinition("nightly")
        {
            On = new WorkflowTriggers { Schedule = ["0 3 * * *"], WorkflowDispatch = new WorkflowDispatchTrigger { Inputs = [new WorkflowInput("target")] } },
        }.Deploy("deploy", ["Deploy"], "${{ inputs.target || 'staging' }}");

        Assert.DoesNotContain(WorkflowGenerator.Generate(SampleGraph.Create(), definition).Findings, f => f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Matrix_job_with_outputs() => Assert.Equal(
        "error: workflow 'ci', job 'test': runs as a matrix and has outputs (coverage): each keeps the value of whichever leg finished last; "
        + "move them to a job without a matrix, or set AllowMatrixOutputs if every leg writes the same value",
        SingleError(new WorkflowDefinition("ci").Job("test", ["Test"], outputs: ["coverage"], configure: j => j with
        {
            Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["ubuntu-latest", "windows-latest"] }),
        })));

    [Fact]
    public void Matrix_job_with_outputs_when_allowed()
    {
        var definition = new WorkflowDefinition("ci").Job("test", ["Test"], outputs: ["coverage"], configure: j => j with
        {
            Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["ubuntu-latest", "windows-latest"] }),
            AllowMatrixOutputs = true,
        });

        Assert.Empty(WorkflowGenerator.Generate(SampleGraph.Create(), definition).Findings);
    }

    [Fact]
    public void Output_read_from_a_step_the_job_does_not_have() => Assert.Equal(
        "error: workflow 'ci', job 'test': output 'version' reads step 'check', which the job does not have; give the step Id = \"check\"",
        SingleError(new WorkflowDefinition("ci").Job("test", ["Test"], configure: j => j with
        {
            StepOutputs = new Dictionary<string, StepOutput> { ["version"] = new("check", "version") },
        })));

    [Fact]
    public void Reusable_workflow_of_another_repository_not_pinned() => Assert.Equal(
        "error: workflow 'ci', job 'shared': calls 'octo/ci/.github/workflows/test.yml@v1', not pinned to a full commit SHA; write owner/repo/.github/workflows/file.yml@<40-hex sha>",
        SingleError(new WorkflowDefinition("ci").Call("shared", new WorkflowCall("octo/ci/.github/workflows/test.yml@v1"))));

    [Fact]
    public void A_job_that_calls_a_workflow_and_runs_targets() => Assert.Equal(
        "error: workflow 'ci', job 'both': calls a reusable workflow and runs targets; a job does one or the other, so split it in two jobs",
        SingleError(new WorkflowDefinition("ci").Job(new JobDefinition("both", ["Test"]) { Calls = new WorkflowCall("./.github/workflows/x.yml") })));

    [Fact]
    public void Matrix_exclude_by_an_unknown_dimension() => Assert.Equal(
        "error: workflow 'w', job 'a': excludes matrix legs by 'arch', which is not a dimension of the matrix",
        SingleError(new Workflow("w")
        {
            Jobs = [RunJob("a") with
            {
                Strategy = new JobStrategy(new Dictionary<string, IReadOnlyList<string>> { ["os"] = ["ubuntu-latest"] })
                {
                    Exclude = [new Dictionary<string, string> { ["arch"] = "arm64" }],
                },
            }],
        }));
}
