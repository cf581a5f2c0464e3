using System.Text.RegularExpressions;

namespace Pipeline.Components.Tests;

/// <summary>The <c>Test</c> target runs <c>tests/**/*.Tests.csproj</c>: none of them may need a Docker engine.</summary>
public sealed partial class UnitTestProjectsTests
{
    public static TheoryData<string> UnitTestProjects() => new(Projects());

    private static IEnumerable<string> Projects() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests"), "*.Tests.csproj", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(project => Path.GetRelativePath(RepositoryRoot.Path, project));

    [Theory]
    [MemberData(nameof(UnitTestProjects))]
    public void A_unit_test_project_uses_no_Docker_engine(string project)
    {
        var path = Path.Combine(RepositoryRoot.Path, project);
        Assert.DoesNotMatch(DockerUse(), File.ReadAllText(path));

        var directory = Path.GetDirectoryName(path)!;
        var offenders = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(directory, file) && !IsOtherProject(directory, file))
            .Where(file => DockerUse().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file))
            .ToList();
        Assert.True(offenders.Count == 0, $"{project} needs Docker in {string.Join(", ", offenders)}; move those tests to a *.IntegrationTests project.");
    }

    [Fact]
    public void The_projects_are_found() => Assert.Contains(Path.Combine("tests", "Sample.Tests", "Pipeline.Sample.Tests.csproj"), Projects());

    private static bool IsBuildOutput(string projectDirectory, string file)
    {
        var relative = Path.GetRelativePath(projectDirectory, file).Split(Path.DirectorySeparatorChar);
        return relative[0] is "bin" or "obj";
    }

    /// <summary>A file under a nested project (a child process the tests start) belongs to that project.</summary>
    private static bool IsOtherProject(string projectDirectory, string file)
    {
        for (var directory = Path.GetDirectoryName(file); directory is not null && directory.Length > projectDirectory.Length; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.EnumerateFiles(directory, "*.csproj").Any())
            {
                return true;
            }
        }

        return false;
    }

    // Bracketed letters keep the pattern from matching its own source.
    [GeneratedRegex(@"Requirement\.D[o]cker|Test[c]ontainers|Docker[A]piVersion|Test[I]mages\.")]
    private static partial Regex DockerUse();
}
