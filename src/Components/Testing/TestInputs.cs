using System.Security.Cryptography;
using System.Text;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Testing;

/// <summary>
/// A hash of what a unit test run depends on: every file under <c>src/</c> and <c>tests/</c> (not bin/ or obj/), the
/// root's build files (Directory.*.props/targets, global.json, NuGet config, solution, .editorconfig) and the run's
/// settings (configuration, threshold, projects, environment). Same hash, same result — as build tools' up-to-date checks.
/// </summary>
public sealed record TestInputs(string Hash, int Files)
{
    private static readonly string[] SourceDirectories = ["src", "tests"];

    private static readonly string[] RootPatterns =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config", "NuGet.Config", "*.sln", "*.slnx", ".editorconfig"];

    private static readonly HashSet<string> IgnoredDirectories = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "TestResults", "node_modules" };

    public static TestInputs Compute(AbsolutePath root, IEnumerable<string> settings)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(settings);
        var files = SourceDirectories
            .Select(directory => root / directory)
            .Where(directory => Directory.Exists(directory))
            .SelectMany(directory => Walk(directory))
            .Concat(RootPatterns.SelectMany(pattern => Directory.EnumerateFiles(root, pattern)))
            .Select(path => (Path: path, Relative: Path.GetRelativePath(root, path).Replace('\\', '/')))
            .DistinctBy(file => file.Relative, StringComparer.Ordinal)
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var setting in settings)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("setting\0" + setting + "\0"));
        }

        foreach (var (path, relative) in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes("file\0" + relative + "\0"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(path)));
        }

        return new TestInputs(Convert.ToHexStringLower(hash.GetHashAndReset()), files.Count);
    }

    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            var name = Path.GetFileName(child);
            if (IgnoredDirectories.Contains(name) || name.StartsWith('.'))
            {
                continue;
            }

            foreach (var file in Walk(child))
            {
                yield return file;
            }
        }
    }
}
