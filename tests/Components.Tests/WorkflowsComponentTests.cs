using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Workflows.Definition;

namespace Pipeline.Components.Tests;

/// <summary>
/// <c>Workflows</c> of a build that has only some of the reference pipelines' targets: the defaults generate for it, and
/// every error of a definition is printed on a line of its own.
/// </summary>
public sealed class WorkflowsComponentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-workflows-component-").FullName;

    public WorkflowsComponentTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Lint and unit tests, no Integration, no image, no deploy.</summary>
    private sealed class ChecksOnly : PipelineBuild, ILint, ITest, IWorkflows;

    /// <summary>The same build with workflows that name two targets it does not have.</summary>
    private sealed class Misspelt : PipelineBuild, ILint, ITest, IWorkflows
    {
        IReadOnlyList<WorkflowDefinition> IWorkflows.WorkflowDefinitions =>
            [new WorkflowDefinition("ci").Job("lint", ["Lnit"]).Job("integration", ["Integration"])];
    }

    private (int Code, string Output) Run(PipelineBuild build, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, args, [], new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void The_default_workflows_of_a_build_without_integration_generate_with_the_jobs_it_has()
    {
        var (code, output) = Run(new ChecksOnly(), "Workflows");

        Assert.True(code == 0, output);
        var pullRequest = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "pull-request.yml"));
        var delivery = File.ReadAllText(Path.Combine(_root, ".github", "workflows", "delivery.yml"));
        Assert.Contains("./build.sh Lint Workflows --verify", pullRequest, StringComparison.Ordinal);
        Assert.Contains("./build.sh Test", delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("ntegration", pullRequest + delivery, StringComparison.Ordinal);
        Assert.DoesNotContain("image", delivery, StringComparison.Ordinal);

        var (verifyCode, verified) = Run(new ChecksOnly(), "Workflows", "--verify");
        Assert.True(verifyCode == 0, verified);
    }

    [Fact]
    public void Every_error_of_the_definitions_is_printed_on_its_own_line()
    {
        var (code, output) = Run(new Misspelt(), "Workflows");

        Assert.Equal(1, code);
        var lines = output.Split('\n');
        Assert.Contains("error: workflow 'ci', job 'lint': runs unknown target 'Lnit'. Did you mean 'Lint'?", lines);
        Assert.Contains(lines, l => l.StartsWith("error: workflow 'ci', job 'integration': runs unknown target 'Integration'.", StringComparison.Ordinal));
        Assert.Contains("✗ Workflows failed: 2 errors in the workflow definitions; nothing was written", lines);
        Assert.DoesNotContain("more error", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, ".github")));
    }
}
