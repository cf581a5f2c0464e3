using Pipeline.Components.Testing;

namespace Pipeline.Components.Tests;

/// <summary>A built test project runs as its assembly, with the coverage collector found from its restore output.</summary>
public sealed class TestAssemblyTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-test-assembly-").FullName;

    private string Project => Path.Combine(_root, "tests", "My.Tests", "My.Tests.csproj");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Layout(string coverletPath = "coverlet.collector/8.0.1", params string[] frameworks)
    {
        var directory = Path.GetDirectoryName(Project)!;
        Directory.CreateDirectory(Path.Combine(directory, "obj"));
        File.WriteAllText(Project, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><AssemblyName>Custom.Name.Tests</AssemblyName></PropertyGroup></Project>");
        var packages = Path.Combine(_root, "packages") + Path.DirectorySeparatorChar;
        var collector = Directory.CreateDirectory(Path.Combine(packages, "coverlet.collector", "8.0.1", "build", "net8.0")).FullName;
        File.WriteAllText(Path.Combine(collector, "coverlet.collector.dll"), "");
        File.WriteAllText(Path.Combine(directory, "obj", "project.assets.json"), $$"""
            { "version": 3, "libraries": { "xunit/2.9.3": { "type": "package", "path": "xunit/2.9.3" }, "{{coverletPath}}": { "type": "package", "path": "{{coverletPath}}" } },
              "packageFolders": { "{{packages.Replace("\\", "\\\\", StringComparison.Ordinal)}}": {} } }
            """);
        foreach (var framework in frameworks.DefaultIfEmpty("net10.0"))
        {
            var bin = Directory.CreateDirectory(Path.Combine(directory, "bin", "Release", framework)).FullName;
            File.WriteAllText(Path.Combine(bin, "Custom.Name.Tests.dll"), "");
        }

        return collector;
    }

    [Fact]
    public void A_built_project_runs_as_its_assembly_with_coverlet_and_its_own_folder_as_adapter_paths()
    {
        var collector = Layout();

        var found = TestAssembly.Find(Project, "Release");

        Assert.NotNull(found);
        var bin = Path.Combine(Path.GetDirectoryName(Project)!, "bin", "Release", "net10.0");
        Assert.Equal(Path.Combine(bin, "Custom.Name.Tests.dll"), found.Assembly);
        Assert.Equal($"{collector};{bin}", found.AdapterPath);
    }

    [Fact]
    public void Anything_unexpected_runs_it_as_a_project()
    {
        Layout();
        Assert.Null(TestAssembly.Find(Project, "Debug")); // not built for this configuration

        File.SetLastWriteTimeUtc(Path.Combine(Path.GetDirectoryName(Project)!, "obj", "project.assets.json"), DateTime.UtcNow.AddMinutes(5));
        Assert.Null(TestAssembly.Find(Project, "Release")); // restored again since it was built
    }

    [Fact]
    public void Several_target_frameworks_or_no_coverlet_run_it_as_a_project()
    {
        Layout("coverlet.collector/8.0.1", "net9.0", "net10.0");
        Assert.Null(TestAssembly.Find(Project, "Release"));

        Directory.Delete(Path.Combine(_root, "tests"), recursive: true);
        Layout("coverlet.msbuild/8.0.1");
        Assert.Null(TestAssembly.Find(Project, "Release"));
    }
}
