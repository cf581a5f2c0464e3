using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Generation;
using Pipeline.Workflows.Validation;

namespace Pipeline.Workflows.Tests;

/// <summary>The build project compiled once per run and handed to every job on the same runner image.</summary>
public sealed class SharedBuildProjectTests
{
    private static WorkflowDefinition Definition(bool once) => new WorkflowDefinition("ci") { CompileBuildOnce = once }
        .Job("lint", ["Lint"])
        .Job("test", ["Test"])
        .Job("windows", ["Pack"], configure: j => j with { RunsOn = "windows-latest" })
        .Job("image", ["Push"], needs: ["lint"]);

    [Fact]
    public void Every_job_on_the_runner_image_runs_after_the_compiling_job_and_downloads_the_build_before_running_it()
    {
        var workflow = WorkflowGenerator.Generate(SampleGraph.Create(), Definition(once: true)).Workflow!;

        Assert.Equal([SharedBuildProject.JobId, "lint", "test", "windows", "image"], workflow.Jobs.Select(j => j.Id));
        var compile = workflow.Jobs[0];
        Assert.Contains(compile.Steps, s => s.Run == "./build.sh --help >/dev/null");
        var upload = compile.Steps.Single(s => s.Uses?.Action == "actions/upload-artifact");
        Assert.Equal(SharedBuildProject.Paths, upload.With["path"].Split('\n'));
        Assert.Equal("true", upload.With["include-hidden-files"]); // .nuke/temp holds the stamps
        Assert.DoesNotContain(compile.Steps, s => s.Uses?.Action == "actions/cache"); // what it compiles runs with credentials later

        foreach (var job in workflow.Jobs.Where(j => j.Id is "lint" or "test" or "image"))
        {
            var steps = job.Steps.Select(s => s.Name).ToList();
            var download = steps.IndexOf("Download the compiled build project");
            Assert.True(download > steps.IndexOf("Set up .NET"), $"{job.Id}: {string.Join(", ", steps)}");
            Assert.True(download < steps.FindIndex(s => s!.StartsWith("Run ", StringComparison.Ordinal)), $"{job.Id}: {string.Join(", ", steps)}");
        }

        Assert.Equal([SharedBuildProject.JobId], workflow.Jobs.Single(j => j.Id == "lint").Needs);
        Assert.Equal(["lint"], workflow.Jobs.Single(j => j.Id == "image").Needs); // after it through lint
        var windows = workflow.Jobs.Single(j => j.Id == "windows");
        Assert.Empty(windows.Needs);
        Assert.DoesNotContain(windows.Steps, s => s.Name == "Download the compiled build project");
    }

    [Fact]
    public void Without_it_each_job_compiles_the_build_itself()
    {
        var workflow = WorkflowGenerator.Generate(SampleGraph.Create(), Definition(once: false)).Workflow!;

        Assert.DoesNotContain(workflow.Jobs, j => j.Id == SharedBuildProject.JobId);
        Assert.DoesNotContain(workflow.Jobs.SelectMany(j => j.Steps), s => s.Name == "Download the compiled build project");
    }

    [Fact]
    public void A_single_job_has_nothing_to_share()
    {
        var workflow = WorkflowGenerator.Generate(SampleGraph.Create(), new WorkflowDefinition("ci") { CompileBuildOnce = true }.Job("lint", ["Lint"])).Workflow!;

        Assert.Equal(["lint"], workflow.Jobs.Select(j => j.Id));
    }

    [Fact]
    public void A_job_named_like_the_compiling_one_is_an_error()
    {
        var generated = WorkflowGenerator.Generate(SampleGraph.Create(), Definition(once: true).Job(SharedBuildProject.JobId, ["Pack"]));

        var error = Assert.Single(generated.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains("has the id of the job that compiles the build project once", error.Message, StringComparison.Ordinal);
    }
}
