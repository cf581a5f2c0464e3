using System.Xml.Linq;

namespace Pipeline.Architecture.Tests;

/// <summary>The projects under a folder and the project references between them, read from their .csproj files.</summary>
public sealed class ProjectGraph
{
    private readonly Dictionary<string, SortedSet<string>> references;

    private ProjectGraph(Dictionary<string, SortedSet<string>> references) => this.references = references;

    /// <summary>Every project (by name: its file name without <c>.csproj</c>).</summary>
    public IEnumerable<string> Projects => references.Keys.Order(StringComparer.Ordinal);

    /// <summary>The projects <paramref name="project"/> references directly.</summary>
    public IReadOnlyCollection<string> ReferencesOf(string project) => references[project];

    /// <summary>Reads every .csproj under <paramref name="folder"/> (outside bin/ and obj/ and template content).</summary>
    public static ProjectGraph Read(string folder)
    {
        var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                || relative.Contains("/content/", StringComparison.Ordinal))
            {
                continue;
            }

            var referenced = XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => (string?)r.Attribute("Include"))
                .OfType<string>()
                .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));
            graph[Path.GetFileNameWithoutExtension(file)] = new SortedSet<string>(referenced, StringComparer.Ordinal);
        }

        return new ProjectGraph(graph);
    }

    /// <summary>A copy with one more reference, for checking that the rules notice it.</summary>
    public ProjectGraph With(string project, string referenced)
    {
        var copy = references.ToDictionary(p => p.Key, p => new SortedSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        if (!copy.TryGetValue(project, out var set))
        {
            copy[project] = set = new SortedSet<string>(StringComparer.Ordinal);
        }

        set.Add(referenced);
        return new ProjectGraph(copy);
    }
}
