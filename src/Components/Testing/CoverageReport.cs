using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Pipeline.Components.Testing;

/// <summary>
/// Line coverage merged across several Cobertura files: a line counts as covered when any test project hit it. Only
/// files under <c>includeRoot</c> count (e.g. src/), generated files under obj/ never do.
/// </summary>
public sealed record CoverageReport(IReadOnlyList<FileCoverage> Files)
{
    public int TotalLines => Files.Sum(f => f.Lines);

    public int CoveredLines => Files.Sum(f => f.Covered);

    public double LinePercent => TotalLines == 0 ? 100 : 100.0 * CoveredLines / TotalLines;

    public static CoverageReport Merge(IEnumerable<string> coberturaFiles, string includeRoot)
    {
        var lines = new Dictionary<string, Dictionary<int, bool>>(StringComparer.Ordinal);
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(includeRoot)) + Path.DirectorySeparatorChar;
        foreach (var file in coberturaFiles)
        {
            var document = XDocument.Load(file);
            var sources = document.Descendants("source").Select(s => s.Value).ToList();
            foreach (var @class in document.Descendants("class"))
            {
                var path = Resolve(@class.Attribute("filename")?.Value ?? "", sources);
                if (!path.StartsWith(prefix, StringComparison.Ordinal) || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var fileLines = lines.TryGetValue(path, out var existing) ? existing : lines[path] = [];
                foreach (var line in @class.Element("lines")?.Elements("line") ?? [])
                {
                    var number = int.Parse(line.Attribute("number")!.Value, CultureInfo.InvariantCulture);
                    var hit = long.Parse(line.Attribute("hits")?.Value ?? "0", CultureInfo.InvariantCulture) > 0;
                    fileLines[number] = fileLines.GetValueOrDefault(number) || hit;
                }
            }
        }

        return new CoverageReport([.. lines.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => new FileCoverage(Path.GetRelativePath(includeRoot, l.Key), l.Value.Count, l.Value.Count(v => v.Value)))]);
    }

    public string ToMarkdown(double threshold)
    {
        var builder = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"### Line coverage of src/: {LinePercent:0.0} % ({CoveredLines}/{TotalLines}, threshold {threshold:0.#} %)")
            .AppendLine()
            .AppendLine("| Folder | Lines | Covered |")
            .AppendLine("|---|---:|---:|");
        foreach (var group in Files.GroupBy(f => Path.GetDirectoryName(f.Path) ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var total = group.Sum(f => f.Lines);
            var covered = group.Sum(f => f.Covered);
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {total} | {(total == 0 ? 100 : 100.0 * covered / total):0.0} % |");
        }

        return builder.ToString();
    }

    private static string Resolve(string filename, List<string> sources)
    {
        if (Path.IsPathRooted(filename))
        {
            return Path.GetFullPath(filename);
        }

        foreach (var source in sources)
        {
            var candidate = Path.GetFullPath(Path.Combine(source, filename));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return sources.Count > 0 ? Path.GetFullPath(Path.Combine(sources[0], filename)) : filename;
    }
}

