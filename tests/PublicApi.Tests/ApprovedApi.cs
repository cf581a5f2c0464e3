using System.Xml.Linq;

namespace Pipeline.PublicApi.Tests;

/// <summary>
/// A packable project under <c>src/</c> (one whose build output ships in a package) and its approved public API,
/// <c>PublicApi.txt</c> beside the project file.
/// </summary>
public sealed record ApprovedApi(string Assembly, string ProjectDirectory)
{
    /// <summary>Set to 1, the snapshot tests write the current surfaces as approved instead of comparing.</summary>
    public const string ApproveVariable = "PIPELINE_APPROVE_API";

    public const string FileName = "PublicApi.txt";

    public string FilePath => Path.Combine(ProjectDirectory, FileName);

    /// <summary>The approved file relative to the repository root, with forward slashes.</summary>
    public string RelativePath => Path.GetRelativePath(RepositoryRoot.Path, FilePath).Replace('\\', '/');

    public static bool Approving => Environment.GetEnvironmentVariable(ApproveVariable) == "1";

    /// <summary>
    /// Every packable project under <c>src/</c>: not <c>IsPackable</c> false, and packing its build output (a template
    /// package ships none). Ordered by assembly name.
    /// </summary>
    public static IReadOnlyList<ApprovedApi> All() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(path => (Path: path, Project: XDocument.Load(path)))
            .Where(p => Property(p.Project, "IsPackable") != "false" && Property(p.Project, "IncludeBuildOutput") != "false")
            .Select(p => new ApprovedApi(Property(p.Project, "AssemblyName") ?? Path.GetFileNameWithoutExtension(p.Path), Path.GetDirectoryName(p.Path)!))
            .OrderBy(a => a.Assembly, StringComparer.Ordinal)];

    private static string? Property(XDocument project, string name) =>
        project.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
}
