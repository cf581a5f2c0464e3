using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

/// <summary>A component with targets and parameters of its own, for the generated model's tests.</summary>
public interface IModelGreeting : IPipelineBuild
{
    [Parameter("Greeting to use"), Secret]
    string? Greeting => Parameters.Get<string>(nameof(Greeting));

    [Parameter("How often", Name = "Repeat", EnvironmentVariables = ["MODEL_REPEAT", "REPEAT"])]
    int Times => Parameters.Get("Repeat", 1);

    Target Greet => _ => _.Description("the component's greeting").Executes(() => { });

    Target Shared => _ => _.Description("the component's");
}

public interface IModelFarewell : IModelGreeting
{
    Target Farewell => _ => _.DependsOn(Greet).Executes(() => { });
}

/// <summary>Members of every shape the generator handles: private, readonly, inherited, explicit, clashing.</summary>
internal abstract class ModelBuildBase : PipelineBuild
{
    [Parameter("From the base class")]
    protected readonly string BaseValue = "base";

    public string ReadBaseValue() => BaseValue;

    private Target BaseTarget => _ => _.Executes(() => { });
}

internal sealed class ModelBuild : ModelBuildBase, IModelFarewell
{
    [Parameter("A private readonly field", Name = "Name")]
    private readonly string _name = "world";

    [Parameter("A public field")]
    public int Count = 2;

    [Parameter("A property with a private setter")]
    public string? Mode { get; private set; } = "fast";

    [Parameter("A settable property")]
    public TimeSpan? Wait { get; set; }

    [Parameter("A computed property")]
    private string Derived => _name + "!";

    [Parameter("The class's, over the component's")]
    public string? Greeting;

    public string Name => _name;

    public string DerivedValue => Derived;

    private Target Hello => _ => _.DependsOn<IModelGreeting>(x => x.Greet).Executes(() => { });

    public Target Shared => _ => _.Description("the class's");

    Target IModelGreeting.Greet => _ => _.Description("the class's explicit greeting");
}

/// <summary>Both classes implement the component's Greet: reflection calls the base's, an interface call the derived's.</summary>
internal abstract class GreetingBase : PipelineBuild, IModelGreeting
{
    Target IModelGreeting.Greet => _ => _.Description("the base's greeting");
}

internal sealed class ReimplementingBuild : GreetingBase, IModelGreeting
{
    Target IModelGreeting.Greet => _ => _.Description("the derived greeting");
}

/// <summary>
/// The source generator's model (what a build uses to start) against reflection (what it used before, and still uses
/// for classes the generator cannot name, e.g. the private test builds elsewhere here): same members, same order, same
/// values read and written.
/// </summary>
public sealed class BuildModelTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void The_generator_registers_a_model_for_nameable_build_classes_only()
    {
        Assert.NotNull(BuildModel.For(typeof(ModelBuild)));
        Assert.Null(BuildModel.For(typeof(ModelBuildBase)));
        Assert.Null(BuildModel.For(typeof(Private)));
        Assert.Null(BuildModel.For(typeof(ReimplementingBuild)));
    }

    [Fact]
    public void A_member_implemented_twice_in_the_class_chain_is_left_to_reflection()
    {
        var code = _harness.Run(new ReimplementingBuild(), "--help");

        Assert.True(code == 0, _harness.Output);
        Assert.Contains("the base's greeting", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("found by reflection", File.ReadAllText(Path.Combine(_harness.Root, ".nuke/temp/build.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_match_reflection_in_name_order_and_delegate()
    {
        var build = new ModelBuild();
        var generated = BuildModel.For(typeof(ModelBuild))!.Targets;
        var reflected = TargetDiscovery.Reflect(typeof(ModelBuild));

        Assert.Equal(reflected.Select(t => t.Name), generated.Select(t => t.Name));
        Assert.Equal(["BaseTarget", "Hello", "Shared", "Greet", "Farewell", "Greet", "Shared"], generated.Select(t => t.Name));
        for (var i = 0; i < generated.Count; i++)
        {
            Assert.Equal(reflected[i].Get(build), generated[i].Get(build));
        }
    }

    [Fact]
    public void Parameters_match_reflection_in_declaration_values_and_assignment()
    {
        var generated = BuildModel.For(typeof(ModelBuild))!.Parameters;
        var reflected = ParameterBinder.Reflect(typeof(ModelBuild));
        Assert.Equal(["BaseValue", "Mode", "Wait", "Derived", "Name", "Count", "Greeting", "Greeting", "Repeat"], generated.Select(p => p.Name));
        Assert.Equal(reflected.Count, generated.Count);

        var (viaModel, viaReflection) = (new ModelBuild(), new ModelBuild());
        // A run attaches the build, so that component properties can read their (default) values.
        Assert.Equal(0, _harness.Run(viaModel, "--plan", "Hello"));
        Assert.Equal(0, _harness.Run(viaReflection, "--plan", "Hello"));
        for (var i = 0; i < generated.Count; i++)
        {
            var (g, r) = (generated[i], reflected[i]);
            Assert.Equal((r.Name, r.Type, r.Description, r.IsSecret), (g.Name, g.Type, g.Description, g.IsSecret));
            Assert.Equal(r.ExtraEnvironmentVariables, g.ExtraEnvironmentVariables);
            Assert.Equal(r.Read(viaReflection), g.Read(viaModel));
            Assert.Equal(r.Inject is null, g.Inject is null);
            if (g.Inject is not null)
            {
                var value = g.Type == typeof(int) ? 42 : g.Type == typeof(TimeSpan?) ? TimeSpan.FromHours(1) : (object)"assigned";
                g.Inject(viaModel, value);
                r.Inject!(viaReflection, value);
                Assert.Equal(value, g.Read(viaModel));
                Assert.Equal(r.Read(viaReflection), g.Read(viaModel));
            }
        }

        Assert.Equal(["MODEL_REPEAT", "REPEAT"], generated.Single(p => p.Name == "Repeat").ExtraEnvironmentVariables);
        Assert.Equal([false, true], generated.Where(p => p.Name == "Greeting").Select(p => p.IsSecret));
    }

    [Fact]
    public void A_run_binds_private_readonly_inherited_and_setter_members_through_the_model()
    {
        var build = new ModelBuild();
        var code = _harness.Run(build, "Hello", "--name", "moon", "--count", "3", "--mode", "slow", "--wait", "00:00:05", "--base-value", "b", "--repeat", "4");

        Assert.True(code == 0, _harness.Output);
        Assert.Equal(("moon", 3, "slow", TimeSpan.FromSeconds(5), "b"), (build.Name, build.Count, build.Mode, build.Wait, build.ReadBaseValue()));
        Assert.Equal("moon!", build.DerivedValue);
        Assert.Equal(4, ((IModelGreeting)build).Times);
    }

    [Fact]
    public void The_class_wins_a_name_clash_with_its_components_as_with_reflection()
    {
        var code = _harness.Run(new ModelBuild(), "--help");

        Assert.True(code == 0, _harness.Output);
        Assert.Contains("the class's explicit greeting", _harness.Output, StringComparison.Ordinal);
        Assert.Contains("The class's, over the component's", _harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("the component's greeting", _harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Greeting to use", _harness.Output, StringComparison.Ordinal);
    }

    private sealed class Private : PipelineBuild
    {
        public Target Only => _ => _.Executes(() => { });
    }
}
