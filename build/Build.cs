using System.Reflection;
using Pipeline.Components;
using Pipeline.Engine;
using Pipeline.Engine.Paths;

namespace Build;

/// <summary>This repository's own build: composes the components it ships, so every target is dogfooded.</summary>
internal sealed class Build : PipelineBuild, ICompile, ILint, ITest, IIntegration, IPack, IPublish, IImage, IPush, IMigrate, IWorkflows
{
    public static int Main(string[] args) => Execute<Build>(args, x => ((ITest)x).Test);

    AbsolutePath IPublish.PublishProject => RootDirectory / "src" / "Sample" / "Pipeline.Sample.csproj";

    string IImage.ImageRepository => "pipeline-sample";

    Assembly IMigrate.MigrationsAssembly => typeof(Pipeline.Sample.Migrations.M202611220001_CreateTodos).Assembly;

    string? IMigrate.DefaultConnectionString => $"Data Source={RootDirectory / ".pipeline" / "environments" / "local" / "data" / "sample.db"}";
}
