using Pipeline.Engine.Graph;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class GraphErrorTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class CyclicBuild : PipelineBuild
    {
        public Target Compile => _ => _.DependsOn(Test).Executes(() => { });
        public Target Test => _ => _.DependsOn(Pack).Executes(() => { });
        public Target Pack => _ => _.DependsOn(Compile).Executes(() => { });
        public Target Lint => _ => _.Executes(() => { });
    }

    private sealed class SimpleBuild : PipelineBuild
    {
        public bool Ran { get; private set; }
        public Target Compile => _ => _.Executes(() => Ran = true);
        public Target Test => _ => _.DependsOn(Compile).Executes(() => Ran = true);
    }

    [Fact]
    public void A_cycle_is_one_line_that_names_it_and_nothing_runs()
    {
        var code = _harness.Run(new CyclicBuild(), "Lint");

        Assert.Equal(1, code);
        var line = Assert.Single(_harness.Lines);
        Assert.Equal("error: Target graph has a cycle: Compile → Test → Pack → Compile (each must run after the next). Remove one of these relations.", line);
    }

    [Fact]
    public void A_cycle_through_ordering_relations_is_found_too()
    {
        var error = Assert.Throws<TargetGraphException>(() => new TargetGraph([
            new TargetInfo("A") { After = ["B"], Triggers = ["C"] },
            new TargetInfo("B"),
            new TargetInfo("C") { Before = ["B"] },
        ]));
        Assert.Contains("A → B → C → A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_target_suggests_the_closest_one()
    {
        var build = new SimpleBuild();
        var code = _harness.Run(build, "Compil");

        Assert.Equal(1, code);
        Assert.False(build.Ran);
        Assert.Equal("error: Unknown target 'Compil'. Did you mean 'Compile'? Run --help to list targets.", Assert.Single(_harness.Lines));
    }

    [Fact]
    public void An_unknown_target_far_from_any_name_gets_no_suggestion()
    {
        _harness.Run(new SimpleBuild(), "Deploy");
        Assert.Equal("error: Unknown target 'Deploy'. Run --help to list targets.", Assert.Single(_harness.Lines));
    }

    [Fact]
    public void A_relation_to_an_unknown_target_names_both()
    {
        var error = Assert.Throws<TargetGraphException>(() => new TargetGraph([new TargetInfo("Test") { DependsOn = ["Compil"] }, new TargetInfo("Compile")]));
        Assert.Equal("Target 'Test' depends on unknown target 'Compil'. Did you mean 'Compile'?", error.Message);
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        var error = Assert.Throws<TargetGraphException>(() => new TargetGraph([new TargetInfo("Test"), new TargetInfo("test")]));
        Assert.Contains("declared twice", error.Message, StringComparison.Ordinal);
    }
}
