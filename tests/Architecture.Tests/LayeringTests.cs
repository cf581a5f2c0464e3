namespace Pipeline.Architecture.Tests;

/// <summary>The layering of src/ holds, and each rule notices a reference planted against it.</summary>
public sealed class LayeringTests
{
    private static readonly ProjectGraph Source = ProjectGraph.Read(Path.Combine(RepositoryRoot.Find(), "src"));

    [Fact]
    public void The_source_projects_follow_the_layering()
    {
        Assert.Contains("Pipeline.Deploy", Source.Projects);
        Assert.Empty(LayeringRules.Check(Source));
    }

    [Fact]
    public void The_deploy_core_references_neither_the_edge_nor_a_platform()
    {
        Assert.DoesNotContain(Source.ReferencesOf("Pipeline.Deploy"), r => r.StartsWith("Pipeline.Deploy.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Pipeline.Deploy", "Pipeline.Deploy.Edge", "a core knows none of its adapters")]
    [InlineData("Pipeline.Deploy", "Pipeline.Deploy.Process", "a core knows none of its adapters")]
    [InlineData("Pipeline.Engine", "Pipeline.Deploy", "dependencies point down only")]
    [InlineData("Pipeline.Deploy", "Pipeline.Engine", "a capability is usable without the engine")]
    [InlineData("Pipeline.Images", "Pipeline.Components", "dependencies point down only")]
    [InlineData("Pipeline.Deploy.Ecs", "Pipeline.Deploy.Docker", "a platform is a folder of its own")]
    [InlineData("Pipeline.Deploy.Ecs", "Pipeline.Ecs.Local", "product code does not run on a stand-in")]
    [InlineData("Pipeline.Foundation", "Pipeline.Aws", "the foundation depends on nothing of ours")]
    public void A_planted_violation_is_named(string project, string referenced, string rule)
    {
        var broken = LayeringRules.Check(Source.With(project, referenced));

        var line = Assert.Single(broken);
        Assert.StartsWith($"{project} (", line, StringComparison.Ordinal);
        Assert.Contains($"references {referenced}: {rule}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pipeline.Deploy.Lambda", Layer.Adapter)]
    [InlineData("Pipeline.Lambda.Local", Layer.StandIn)]
    [InlineData("Pipeline.Deploy.Local", Layer.Adapter)]
    [InlineData("Pipeline.Deploy", Layer.CapabilityCore)]
    [InlineData("Pipeline.Components", Layer.Components)]
    public void A_new_project_gets_its_layer_from_its_name(string project, Layer layer) =>
        Assert.Equal(layer, LayeringRules.LayerOf(project, [.. Source.Projects, project]));
}
