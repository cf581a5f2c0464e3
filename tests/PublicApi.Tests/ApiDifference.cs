namespace Pipeline.PublicApi.Tests;

/// <summary>
/// What changed between an approved surface and the current one: members added and removed, each with the namespace
/// and type it belongs to (read from the nesting of the C# text, so a member keeps its place when others change).
/// </summary>
public sealed record ApiDifference(IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

    public static ApiDifference Between(string approved, string current)
    {
        var before = Members(approved);
        var after = Members(current);
        return new ApiDifference(Except(after, before), Except(before, after));
    }

    /// <summary>The failure message: what was added and removed, and how to approve it.</summary>
    public string Describe(string assembly, string approvedFile) =>
        $"The public API of {assembly} differs from {approvedFile} ({Added.Count} added, {Removed.Count} removed):\n"
        + string.Concat(Added.Select(m => $"  + {m}\n"))
        + string.Concat(Removed.Select(m => $"  - {m}\n"))
        + $"If the change is meant, approve it with {ApiSurface.ApproveCommand} (or {ApprovedApi.ApproveVariable}=1 dotnet test tests/PublicApi.Tests) and review the approved file's diff.";

    // Every line but braces and comments, as "member  (in Namespace / type)"; the same line twice counts twice.
    private static List<string> Members(string text)
    {
        var members = new List<string>();
        var scopes = new Stack<string>();
        var previous = "";
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (line == "{")
            {
                scopes.Push(ScopeName(previous));
                continue;
            }

            if (line == "}")
            {
                scopes.TryPop(out _);
                continue;
            }

            members.Add(scopes.Count == 0 ? line : $"{line}  (in {string.Join(" / ", scopes.Reverse())})");
            previous = line;
        }

        return members;
    }

    // "public sealed class Poll : System.IEquatable<Poll>" → "public sealed class Poll": a new base does not move every member.
    private static string ScopeName(string declaration)
    {
        var name = declaration.StartsWith("namespace ", StringComparison.Ordinal) ? declaration["namespace ".Length..] : declaration;
        foreach (var cut in new[] { " : ", " where " })
        {
            if (name.IndexOf(cut, StringComparison.Ordinal) is var at and > 0)
            {
                name = name[..at];
            }
        }

        return name;
    }

    private static List<string> Except(List<string> these, List<string> those)
    {
        var remaining = those.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var member in these)
        {
            if (remaining.TryGetValue(member, out var count) && count > 0)
            {
                remaining[member] = count - 1;
            }
            else
            {
                result.Add(member);
            }
        }

        return result;
    }
}
