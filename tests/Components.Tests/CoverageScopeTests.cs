using Pipeline.Components.Testing;

namespace Pipeline.Components.Tests;

/// <summary>A test project's coverage counts the src/ projects it references, unless it says it only reads them.</summary>
public sealed class CoverageScopeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("coverage-scope-").FullName;

    [Fact]
    public void A_test_project_counts_the_src_projects_it_references()
    {
        var project = TestProject(coverage: null);

        Assert.False(CoverageScope.Excluded(project));
        Assert.Equal(["Pipeline.Library"], CoverageScope.Assemblies(project, Path.Combine(root, "src")));
    }

    [Fact]
    public void A_test_project_that_only_reads_its_references_counts_nothing()
    {
        var project = TestProject(coverage: "false");

        Assert.True(CoverageScope.Excluded(project));
        Assert.Empty(CoverageScope.Assemblies(project, Path.Combine(root, "src")));
    }

    private string TestProject(string? coverage)
    {
        Directory.CreateDirectory(Path.Combine(root, "src", "Library"));
        File.WriteAllText(Path.Combine(root, "src", "Library", "Pipeline.Library.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Directory.CreateDirectory(Path.Combine(root, "tests", "Library.Tests"));
        var project = Path.Combine(root, "tests", "Library.Tests", "Library.Tests.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>{(coverage is null ? "" : $"<PipelineCoverage>{coverage}</PipelineCoverage>")}</PropertyGroup>
              <ItemGroup><ProjectReference Include="../../src/Library/Pipeline.Library.csproj" /></ItemGroup>
            </Project>
            """);
        return project;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
