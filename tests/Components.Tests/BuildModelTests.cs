using System.Reflection;
using Pipeline.Components.Environments;
using Pipeline.Deploy.Process;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Paths;
using Pipeline.Engine.Targets;

namespace Pipeline.Components.Tests;

/// <summary>A build with every component this package ships, as this repository's own build composes them.</summary>
internal sealed class EveryComponentBuild : PipelineBuild,
    ICompile, ILint, ITest, IIntegration, IPack, IPublish, IImage, IPush, IMigrate, IDeploy, IWorkflows, IGitHub, IAwsTrustPolicy, ILocalEcs
{
    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "App" / "App.csproj";

    string IImage.ImageRepository => "app";

    Assembly IMigrate.MigrationsAssembly => typeof(EveryComponentBuild).Assembly;

    IReadOnlyList<EnvironmentDeclaration> IHaveEnvironments.Environments =>
        [new("local", new ProcessPlatformSettings { PublicPort = 5080, TestPort = 5081 })];
}

/// <summary>
/// The source generator's model of a build with every component against what reflection finds: the same targets and
/// parameters, in the same order, with the same declarations and values — so a build starts the same either way.
/// </summary>
public sealed class BuildModelTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-build-model-").FullName;

    public BuildModelTests() => Directory.CreateDirectory(Path.Combine(_root, ".nuke"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_component_target_matches_reflection()
    {
        var build = new EveryComponentBuild();
        var generated = BuildModel.For(typeof(EveryComponentBuild))?.Targets;
        Assert.NotNull(generated);
        var reflected = TargetDiscovery.Reflect(typeof(EveryComponentBuild));

        Assert.Equal(reflected.Select(t => t.Name), generated.Select(t => t.Name));
        Assert.Contains("Deploy", generated.Select(t => t.Name));
        Assert.True(generated.Count >= 20, $"only {generated.Count} targets");
        Assert.All(generated.Zip(reflected), pair => Assert.Equal(pair.Second.Get(build), pair.First.Get(build)));
    }

    [Fact]
    public async Task Every_component_parameter_matches_reflection()
    {
        var build = new EveryComponentBuild();
        // A run attaches the build, so that component properties can read their defaults.
        var output = new StringWriter();
        var code = await BuildSession.RunAsync(build, ["--plan", "Compile"], [], new BuildOptions { RootDirectory = _root, Output = output });
        Assert.True(code == 0, output.ToString());

        var generated = BuildModel.For(typeof(EveryComponentBuild))!.Parameters;
        var reflected = ParameterBinder.Reflect(typeof(EveryComponentBuild));
        Assert.Equal(reflected.Select(p => p.Name), generated.Select(p => p.Name));
        Assert.True(generated.Count >= 30, $"only {generated.Count} parameters");
        foreach (var (g, r) in generated.Zip(reflected))
        {
            Assert.Equal((r.Name, r.Type, r.Description, r.IsSecret, r.Inject is null), (g.Name, g.Type, g.Description, g.IsSecret, g.Inject is null));
            Assert.Equal(r.ExtraEnvironmentVariables, g.ExtraEnvironmentVariables);
            Assert.Equal(r.Read(build), g.Read(build));
        }

        Assert.Contains(generated, p => p.IsSecret);
        Assert.Contains(generated, p => p.ExtraEnvironmentVariables.Count > 0);
    }
}
