using Pipeline.Workflows.Files;

namespace Pipeline.Workflows.Tests;

public sealed class SnapshotTests
{
    public static TheoryData<string> Pipelines() => [.. SamplePipelines.All().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Generated_workflow_matches_its_snapshot(string name)
    {
        var definition = SamplePipelines.All().Single(p => p.Name == name).Definition;
        var generation = new WorkflowFiles(SampleGraph.Create(), [definition]).Generate();

        Assert.Empty(generation.Findings);
        Snapshot.Match(generation.Files[$".github/workflows/{definition.FileName}.yml"], name);
    }
}
