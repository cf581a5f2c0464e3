using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Pipeline.Architecture.Tests;

/// <summary>A reader finds a type by its namespace: every source file's namespace is its project's root namespace plus its folders.</summary>
public sealed partial class NamespaceTests
{
    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var source = Path.Combine(RepositoryRoot.Find(), "src");
        var wrong = new List<string>();
        foreach (var project in Directory.EnumerateFiles(source, "*.csproj", SearchOption.AllDirectories).Where(p => !Generated(p)))
        {
            var folder = Path.GetDirectoryName(project)!;
            var root = XDocument.Load(project).Descendants("RootNamespace").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(f => !Generated(f)))
            {
                var relative = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!);
                var expected = relative == "." ? root : $"{root}.{relative.Replace(Path.DirectorySeparatorChar, '.')}";
                if (NamespaceLine().Match(File.ReadAllText(file)) is { Success: true } declared && declared.Groups[1].Value != expected)
                {
                    wrong.Add($"{Path.GetRelativePath(source, file)}: namespace {declared.Groups[1].Value}, folder says {expected}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} file(s) in a namespace other than their folder's:\n{string.Join('\n', wrong)}");
    }

    /// <summary>Build output, and the template's content (a user's build, with its own namespace).</summary>
    private static bool Generated(string path) =>
        path.Split(Path.DirectorySeparatorChar) is var parts && (parts.Contains("bin") || parts.Contains("obj") || parts.Contains("content"));

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
