using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

public interface IGreet : IPipelineBuild
{
    [Parameter("Who to greet")]
    string Name => Parameters.Get(nameof(Name), "world");

    List<string> Log { get; }

    Target Greet => _ => _.Description("Say hello").Executes(() => Log.Add($"hello {Name}"));
}

public interface IFarewell : IGreet
{
    Target Farewell => _ => _.DependsOn(Greet).Executes(() => Log.Add($"bye {Name}"));
}

public sealed class ComponentTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild, IFarewell
    {
        public List<string> Log { get; } = [];

        public Target Finish => _ => _.DependsOn<IFarewell>(x => x.Farewell).Executes(() => Log.Add("done"));
    }

    private sealed class Optional : PipelineBuild, IGreet
    {
        public List<string> Log { get; } = [];

        public Target Finish => _ => _.TryDependsOn<IFarewell>(x => x.Farewell).TryDependsOn<IGreet>(x => x.Greet).Executes(() => Log.Add("done"));
    }

    private sealed class Overriding : PipelineBuild, IFarewell
    {
        public List<string> Log { get; } = [];

        public Target Greet => _ => _.Executes(() => Log.Add("custom greeting"));
    }

    [Fact]
    public void Components_contribute_targets_and_parameters()
    {
        var build = new Build();
        Assert.Equal(0, _harness.Run(build, "Finish", "--name", "pipeline"));
        Assert.Equal(["hello pipeline", "bye pipeline", "done"], build.Log);
    }

    [Fact]
    public void Component_parameters_fall_back_to_their_default()
    {
        var build = new Build();
        _harness.Run(build, "Greet");
        Assert.Equal(["hello world"], build.Log);
    }

    [Fact]
    public void TryDependsOn_depends_only_on_components_the_build_implements()
    {
        var build = new Optional();
        Assert.Equal(0, _harness.Run(build, "Finish"));
        Assert.Equal(["hello world", "done"], build.Log);
    }

    [Fact]
    public void A_class_target_replaces_the_component_default()
    {
        var build = new Overriding();
        Assert.Equal(0, _harness.Run(build, "Farewell"));
        Assert.Equal(["custom greeting", "bye world"], build.Log);
    }
}
