using System.Xml.Linq;

namespace Pipeline.Components.Testing;

/// <summary>
/// What a test project's coverage counts: the assemblies of the <c>src/</c> projects it references directly. Code a test
/// project only loads on the way (a driver's dependencies, a library's own references) is measured by the tests written
/// for it, so one project's incidental loading never dilutes or inflates another's figure.
/// </summary>
public static class CoverageScope
{
    public static IReadOnlyList<string> Assemblies(string testProject, string sourceRoot)
    {
        if (Excluded(testProject))
        {
            return [];
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(testProject))!;
        var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot)) + Path.DirectorySeparatorChar;
        return [.. XDocument.Load(testProject).Descendants("ProjectReference")
            .Select(reference => reference.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
            .Where(path => path.StartsWith(source, StringComparison.Ordinal) && File.Exists(path))
            .Select(AssemblyName)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// A test project with <c>&lt;PipelineCoverage&gt;false&lt;/PipelineCoverage&gt;</c> measures nothing: it references
    /// <c>src/</c> projects to read them (their public API, their layering), not to run their code.
    /// </summary>
    public static bool Excluded(string testProject) =>
        XDocument.Load(testProject).Descendants("PipelineCoverage").FirstOrDefault()?.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The coverlet run-settings argument that limits coverage to <paramref name="assemblies"/>.</summary>
    public static string IncludeArgument(IReadOnlyList<string> assemblies) =>
        "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include=" + string.Join(",", assemblies.Select(a => $"[{a}]*"));

    /// <summary>The coverlet run-settings argument that records whether a line ran, not how often.</summary>
    public const string SingleHitArgument = "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.SingleHit=true";

    /// <summary>A project's assembly name: its AssemblyName property, else its file name.</summary>
    internal static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value is { Length: > 0 } name
            ? name
            : Path.GetFileNameWithoutExtension(project);
}
