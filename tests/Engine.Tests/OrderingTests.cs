using Pipeline.Engine.Graph;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public sealed class OrderingTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        public List<string> Ran { get; } = [];

        private Target Step(string name) => _ => _.Executes(() => Ran.Add(name));

        public Target Restore => _ => Step(nameof(Restore))(_);
        public Target Compile => _ => Step(nameof(Compile))(_).DependsOn(Restore);
        public Target Clean => _ => Step(nameof(Clean))(_).Before(Restore);
        public Target Test => _ => Step(nameof(Test))(_).DependsOn(Compile);
        public Target Lint => _ => Step(nameof(Lint))(_).After(Test);
        public Target Report => _ => Step(nameof(Report))(_).TriggeredBy(Test);
        public Target Pack => _ => Step(nameof(Pack))(_).DependsOn(Compile).Triggers(Announce);
        public Target Announce => _ => Step(nameof(Announce))(_);
    }

    [Fact]
    public void DependsOn_pulls_dependencies_in_and_runs_them_first()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "Test"));
        Assert.Equal(["Restore", "Compile", "Test", "Report"], build.Ran);
    }

    [Fact]
    public void After_orders_only_when_both_are_scheduled()
    {
        var alone = new Build();
        _harness.Run(alone, "Lint");
        Assert.Equal(["Lint"], alone.Ran);

        var both = new Build();
        _harness.Run(both, "Lint", "Test");
        Assert.Equal(["Restore", "Compile", "Test", "Lint", "Report"], both.Ran);
    }

    [Fact]
    public void Before_orders_only_when_both_are_scheduled()
    {
        var build = new Build();
        _harness.Run(build, "Compile", "Clean");
        Assert.Equal(["Clean", "Restore", "Compile"], build.Ran);

        var alone = new Build();
        _harness.Run(alone, "Compile");
        Assert.DoesNotContain("Clean", alone.Ran);
    }

    [Fact]
    public void Triggers_schedule_the_triggered_target_after_the_trigger()
    {
        var build = new Build();
        _harness.Run(build, "Pack");
        Assert.Equal(["Restore", "Compile", "Pack", "Announce"], build.Ran);
    }

    [Fact]
    public void The_same_command_always_gives_the_same_order()
    {
        var first = new Build();
        _harness.Run(first, "Pack", "Lint", "Test", "Clean");
        for (var i = 0; i < 5; i++)
        {
            var again = new Build();
            _harness.Run(again, "Pack", "Lint", "Test", "Clean");
            Assert.Equal(first.Ran, again.Ran);
        }
    }

    [Fact]
    public void Target_names_are_case_insensitive_on_the_command_line()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "compile"));
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Planner_orders_by_every_relation()
    {
        var graph = new TargetGraph([
            new TargetInfo("A"),
            new TargetInfo("B") { DependsOn = ["A"] },
            new TargetInfo("C") { After = ["D"] },
            new TargetInfo("D") { Before = ["B"] },
        ]);

        Assert.Equal(["A", "D", "B", "C"], graph.Plan(["B", "C", "D"]));
        Assert.Equal(["A", "B"], graph.Plan(["B"]));
        Assert.Equal(["B"], graph.Plan(["B"], skipped: ["A"]));
    }
}
