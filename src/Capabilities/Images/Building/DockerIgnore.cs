using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Images.Building;

/// <summary>
/// The patterns of a <c>.dockerignore</c> file with Docker's semantics: one pattern a line, <c>#</c> comments,
/// <c>*</c> / <c>?</c> / <c>[...]</c> within one path segment, <c>**</c> across any number of directories, <c>!</c>
/// re-includes, the last matching line wins, and a pattern that matches a directory also matches everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<Rule> _rules;

    private DockerIgnore(IReadOnlyList<Rule> rules) => _rules = rules;

    /// <summary>No patterns: nothing is excluded.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>True when any pattern re-includes paths (so an excluded directory must still be walked).</summary>
    public bool HasExceptions => _rules.Any(r => r.Exception);

    public static DockerIgnore Parse(string content)
    {
        var rules = new List<Rule>();
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                continue;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var exception = line.StartsWith('!');
            if (exception)
            {
                line = line[1..].Trim();
                if (line.Length == 0)
                {
                    continue;
                }
            }

            var pattern = Clean(line);
            if (pattern.Length == 0)
            {
                continue;
            }

            rules.Add(new Rule(pattern, exception, ToRegex(pattern)));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Reads <c>.dockerignore</c> from a context directory; <see cref="Empty"/> when there is none.</summary>
    public static DockerIgnore Load(string contextDirectory)
    {
        var path = Path.Combine(contextDirectory, ".dockerignore");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    /// <summary>Whether a path relative to the context root (with <c>/</c> separators) is left out of the context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = Clean(relativePath);
        var parents = ParentsOf(path);
        var excluded = false;
        foreach (var rule in _rules)
        {
            if (rule.Exception == excluded && (rule.Regex.IsMatch(path) || parents.Any(rule.Regex.IsMatch)))
            {
                excluded = !rule.Exception;
            }
        }

        return excluded;
    }

    private static List<string> ParentsOf(string path)
    {
        var parents = new List<string>();
        for (var i = path.IndexOf('/', StringComparison.Ordinal); i > 0; i = path.IndexOf('/', i + 1))
        {
            parents.Add(path[..i]);
        }

        return parents;
    }

    // filepath.Clean in spirit: forward slashes, no leading "/" or "./", no empty or "." segments, ".." resolved.
    private static string Clean(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(?:.*/)?"); // "**/" : zero or more whole directories
                    }
                    else
                    {
                        regex.Append(".*");
                    }

                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\' when i + 1 < pattern.Length:
                    i++;
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }

                    var set = pattern[(i + 1)..close];
                    if (set.StartsWith('^') || set.StartsWith('!'))
                    {
                        set = "^" + set[1..];
                    }

                    regex.Append('[').Append(set.Replace(@"\", @"\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private sealed record Rule(string Pattern, bool Exception, Regex Regex);
}
