using Pipeline.Components;
using Pipeline.Engine;

namespace Build;

/// <summary>This repository's own build: composes the components it ships, so every target is dogfooded.</summary>
internal sealed class Build : PipelineBuild, ICompile, ILint, ITest, IIntegration, IPack
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((ITest)x).Test);
}
