using Pipeline.Engine;
using Pipeline.Engine.Paths;

namespace Pipeline.Components;

/// <summary>A build with one solution file at its root (the first *.sln or *.slnx by name).</summary>
public interface IHaveSolution : IPipelineBuild
{
    AbsolutePath Solution =>
        Directory.EnumerateFiles(RootDirectory, "*.sln").Concat(Directory.EnumerateFiles(RootDirectory, "*.slnx"))
            .Order(StringComparer.Ordinal).Select(path => new AbsolutePath(path)).FirstOrDefault()
        ?? throw new FileNotFoundException($"No solution file (*.sln, *.slnx) in {RootDirectory}; add one or override Solution.");
}
