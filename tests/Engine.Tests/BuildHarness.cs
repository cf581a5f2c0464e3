using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

/// <summary>Runs a build in process against a temporary root with its own environment, capturing the output.</summary>
public sealed class BuildHarness : IDisposable
{
    public BuildHarness()
    {
        Root = Directory.CreateTempSubdirectory("pipeline-engine-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public Dictionary<string, string> Environment { get; } = new();

    public string Output { get; private set; } = "";

    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void WriteFile(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public int Run<T>(T build, params string[] args) where T : PipelineBuild => Run(build, [], default, args);

    public int Run<T>(T build, Func<T, Target>[] defaults, CancellationToken cancellationToken, params string[] args)
        where T : PipelineBuild
    {
        var writer = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(
            build,
            args,
            [.. defaults.Select(d => (Func<object, Target>)(b => d((T)b)))],
            new BuildOptions { RootDirectory = Root, Environment = Environment, Output = writer, CancellationToken = cancellationToken })
            .GetAwaiter().GetResult();
        Output = writer.ToString();
        return code;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
