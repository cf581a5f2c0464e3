using System.Reflection;

namespace Pipeline.PublicApi.Tests;

/// <summary>
/// Each package's public API is its approved text file: a public type or member added, removed or changed fails until
/// the file is approved anew (<see cref="ApiSurface.ApproveCommand"/>), so every change to the surface is seen in a diff.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages() => [.. ApprovedApi.All().Select(a => a.Assembly)];

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_public_API_is_the_approved_one(string assembly)
    {
        var approved = ApprovedApi.All().Single(a => a.Assembly == assembly);
        var current = ApiSurface.Of(Load(assembly));
        if (ApprovedApi.Approving)
        {
            File.WriteAllText(approved.FilePath, current);
            return;
        }

        Assert.True(File.Exists(approved.FilePath),
            $"{assembly} has no approved public API ({approved.RelativePath}); write it with {ApiSurface.ApproveCommand} and commit it.");
        var difference = ApiDifference.Between(File.ReadAllText(approved.FilePath), current);
        Assert.True(difference.IsEmpty, difference.Describe(assembly, approved.RelativePath));
    }

    [Fact]
    public void Every_approved_file_belongs_to_a_package()
    {
        var packages = ApprovedApi.All().Select(p => Path.GetFullPath(p.FilePath)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(packages);

        var strays = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), ApprovedApi.FileName, SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(file => !packages.Contains(file))
            .Select(file => Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(strays.Count == 0, $"{string.Join(", ", strays)}: no packable project beside it; delete it (or make the project packable).");
    }

    private static Assembly Load(string name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            Assert.Fail($"{name} is a packable project but tests/PublicApi.Tests does not reference it: add a ProjectReference to it.");
            throw;
        }
    }
}
