using Pipeline.Workflows.Definition;
using Pipeline.Workflows.Files;

namespace Pipeline.Workflows.Tests;

public sealed class WorkflowFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("workflows-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static WorkflowFiles Reference() => new(SampleGraph.Create(), ReferencePipelines.All(SamplePipelines.Environments));

    [Fact]
    public void Generating_twice_is_byte_identical()
    {
        var first = new WorkflowFiles(SampleGraph.Create(), SamplePipelines.All().Select(p => p.Definition)).Generate();
        var second = new WorkflowFiles(SampleGraph.Create(), SamplePipelines.All().Select(p => p.Definition)).Generate();

        Assert.Equal(SamplePipelines.All().Select(p => $".github/workflows/{p.Definition.FileName}.yml").Order(StringComparer.Ordinal), first.Files.Keys);
        Assert.Equal(first.Files, second.Files);
    }

    [Fact]
    public void Verify_is_clean_after_write()
    {
        var written = Reference().Write(_root);

        Assert.Equal(
            [".github/workflows/delivery.yml", ".github/workflows/promote.yml", ".github/workflows/pull-request.yml", ".github/workflows/rollback.yml"],
            written.Order(StringComparer.Ordinal));
        Assert.Empty(Reference().Verify(_root));
        Assert.Empty(Reference().Write(_root)); // nothing changed, nothing rewritten
    }

    [Fact]
    public void Verify_reports_a_missing_file()
    {
        var difference = Assert.Single(new WorkflowFiles(SampleGraph.Create(), [ReferencePipelines.PullRequest()]).Verify(_root));

        Assert.Equal(WorkflowFileState.Missing, difference.State);
        Assert.Equal(".github/workflows/pull-request.yml is missing; run ./build.sh Workflows and commit it", difference.ToString());
        Assert.StartsWith("--- /dev/null\n+++ b/.github/workflows/pull-request.yml\n@@ -1,0 +1,", difference.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_target_dependency_makes_the_committed_file_stale_with_a_diff()
    {
        Reference().Write(_root);
        var changed = SampleGraph.Create(t => t.Name == "Deploy" ? t with { DependsOn = ["Publish"] } : t); // no longer tests first

        var differences = new WorkflowFiles(changed, ReferencePipelines.All(SamplePipelines.Environments)).Verify(_root);

        var difference = Assert.Single(differences);
        Assert.Equal(".github/workflows/delivery.yml", difference.Path);
        Assert.Equal(WorkflowFileState.Stale, difference.State);
        Assert.Contains("-    needs: [test, image]\n", difference.Diff, StringComparison.Ordinal);
        Assert.Contains("+    needs: [image]\n", difference.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_generated_files_no_longer_declared_but_leaves_hand_written_ones()
    {
        Reference().Write(_root);
        File.WriteAllText(Path.Combine(_root, ".github/workflows/manual.yml"), "name: by hand\n");

        var declared = ReferencePipelines.All(SamplePipelines.Environments).Where(d => d.FileName != "pull-request").ToList();
        var differences = new WorkflowFiles(SampleGraph.Create(), declared).Verify(_root);

        var extra = Assert.Single(differences);
        Assert.Equal((".github/workflows/pull-request.yml", WorkflowFileState.Extra), (extra.Path, extra.State));
        new WorkflowFiles(SampleGraph.Create(), declared).Write(_root);
        Assert.False(File.Exists(Path.Combine(_root, ".github/workflows/pull-request.yml")));
        Assert.True(File.Exists(Path.Combine(_root, ".github/workflows/manual.yml")));
    }
}
