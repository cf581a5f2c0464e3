using System.Text.Json;

namespace Pipeline.Components.Testing;

/// <summary>
/// A built test project run as its assembly: <c>dotnet test X.dll</c> skips the MSBuild evaluation that
/// <c>dotnet test X.csproj --no-build</c> does first (about a second of CPU per project). The coverage collector is then
/// not found by MSBuild, so its folder comes from the project's restore output (<c>obj/project.assets.json</c>). Null
/// when anything is not as expected (not built for this configuration, several target frameworks, no coverlet): the
/// project is then run as a project.
/// </summary>
public sealed record TestAssembly(string Assembly, string AdapterPath)
{
    public static TestAssembly? Find(string project, string configuration)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(project))!;
        var output = Path.Combine(directory, "bin", configuration);
        var assets = Path.Combine(directory, "obj", "project.assets.json");
        if (!Directory.Exists(output) || !File.Exists(assets))
        {
            return null;
        }

        var frameworks = Directory.GetDirectories(output);
        var name = CoverageScope.AssemblyName(project);
        var assembly = frameworks.Length == 1 ? Path.Combine(frameworks[0], name + ".dll") : null;
        if (assembly is null || !File.Exists(assembly) || File.GetLastWriteTimeUtc(assembly) < File.GetLastWriteTimeUtc(assets))
        {
            return null;
        }

        return CoverletDirectory(assets) is { } coverlet ? new TestAssembly(assembly, $"{coverlet};{Path.GetDirectoryName(assembly)}") : null;
    }

    private static string? CoverletDirectory(string assets)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assets));
            var root = document.RootElement;
            var packages = root.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name).ToList();
            var library = root.GetProperty("libraries").EnumerateObject()
                .FirstOrDefault(l => l.Name.StartsWith("coverlet.collector/", StringComparison.OrdinalIgnoreCase));
            if (library.Value.ValueKind != JsonValueKind.Object || !library.Value.TryGetProperty("path", out var path))
            {
                return null;
            }

            return packages
                .Select(folder => Path.Combine(folder, path.GetString()!, "build"))
                .Where(Directory.Exists)
                .SelectMany(build => Directory.GetFiles(build, "coverlet.collector.dll", SearchOption.AllDirectories))
                .Select(Path.GetDirectoryName)
                .Order(StringComparer.Ordinal)
                .LastOrDefault();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
