using Pipeline.Testing.Requirements;
using Pipeline.Workflows.Files;

namespace Pipeline.Workflows.Tests;

public sealed class ActionlintTests(ActionlintProcess actionlint) : IClassFixture<ActionlintProcess>
{
    [FactRequiring(Requirement.Actionlint)]
    public async Task Generated_workflows_pass_actionlint_with_zero_findings()
    {
        var directory = Directory.CreateTempSubdirectory("actionlint-").FullName;
        try
        {
            var files = new WorkflowFiles(SampleGraph.Create(), SamplePipelines.All().Select(p => p.Definition));
            var count = SamplePipelines.All().Count;
            Assert.Equal(count, files.Write(directory).Count);

            var (exitCode, output) = await actionlint.RunAsync(directory);

            Assert.True(exitCode == 0, $"actionlint found problems:\n{output}");
            Assert.Contains($"Checking {count} workflow file(s)", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [FactRequiring(Requirement.Actionlint)]
    public async Task This_repositorys_committed_workflows_pass_actionlint_with_zero_findings()
    {
        var root = Actionlint.RepositoryRoot();
        var committed = Directory.GetFiles(Path.Combine(root, ".github", "workflows"), "*.yml");
        Assert.NotEmpty(committed);

        var (exitCode, output) = await actionlint.RunAsync(root);

        Assert.True(exitCode == 0, $"actionlint found problems in .github/workflows:\n{output}");
        Assert.Contains($"Checking {committed.Length} workflow file(s)", output, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Actionlint)]
    public async Task Actionlint_does_find_problems()
    {
        // Proves the check can fail: an untrusted expression inline in a script.
        var directory = Directory.CreateTempSubdirectory("actionlint-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(directory, ".github", "workflows"));
            File.WriteAllText(Path.Combine(directory, ".github", "workflows", "bad.yml"),
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n");

            var (exitCode, output) = await actionlint.RunAsync(directory);

            Assert.Equal(1, exitCode);
            Assert.Contains("potentially untrusted", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
