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
        // Publish no longer depends on Pack, so nothing makes 'publish' need 'pack', yet it consumes what Pack produces.
        var graph = SampleGraph.Create(t => t.Name == "Publish" ? t with { DependsOn = [] } : t);
        var definition = new WorkflowDefinition("release").Job("pack", ["Pack"]).Job("publish", ["Publish"]);

        var error = Assert.Single(WorkflowGenerator.Generate(graph, definition).Findings, f => f.Severity == FindingSeverity.Error);

        Assert.Equal(
            "error: workflow 'release', job 'publish': target 'Publish' consumes 'artifacts/packages/Pipeline.nupkg', which target 'Pack' produces in job 'pack'; add 'pack' to this job's needs",
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
    public void Errors_block_writing_with_a_one_line_message()
    {
        var root = Directory.CreateTempSubdirectory("workflows-").FullName;
        var files = new WorkflowFiles(SampleGraph.Create(), [new WorkflowDefinition("ci").Job("test", ["Tset"]).Job("lint", ["Lnt"])]);

        var exception = Assert.Throws<WorkflowValidationException>(() => files.Write(root));

        Assert.Equal("error: workflow 'ci', job 'test': runs unknown target 'Tset'. Did you mean 'Test'? (and 1 more error(s))", exception.Message);
        Assert.Equal(2, exception.Findings.Count);
        Assert.False(Directory.Exists(Path.Combine(root, ".github")));
    }
}
