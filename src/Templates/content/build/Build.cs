using Pipeline.Components;
using Pipeline.Engine;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Build;

/// <summary>
/// This repository's build. Targets come from the components it implements (ICompile: Restore, Compile; ITest: Test;
/// IPack: Pack — they need a *.sln or *.slnx at the root) and from the properties below. ./build.sh --help lists them.
/// </summary>
internal sealed class Build : PipelineBuild, ICompile, ITest, IPack
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((ITest)x).Test);

    [Parameter("Who to greet")]
    readonly string Name = "world";

    Target Hello => _ => _
        .Description("Say hello (an example target: replace it with your own)")
        .Executes(() => Output.WriteLine($"Hello, {Name}!"));
}
