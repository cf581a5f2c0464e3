using System.Text.RegularExpressions;

namespace Pipeline.Deploy.Ecs;

/// <summary>
/// A migration tool's own error, condensed to one line from its last output: the last line that reads as an error
/// (<c>ERROR: …</c>, <c>error: …</c>, <c>sqlalchemy.exc.ProgrammingError: …</c>, <c>FlywayException: …</c>) with up to
/// two lines right after it that continue it (the SQL, the position, PostgreSQL's DETAIL or HINT), not another line the
/// task wrote meanwhile (stdout and stderr interleave); without an error line, the last lines.
/// </summary>
internal static partial class ToolError
{
    private const int MaxLength = 600;

    public static string Of(IEnumerable<string> output)
    {
        var lines = output.SelectMany(m => m.Split('\n')).Select(l => l.TrimEnd()).Where(l => l.Trim().Length > 0 && !Caret().IsMatch(l)).ToList();
        var last = lines.FindLastIndex(l => ErrorLine().IsMatch(l) && !FrameLine().IsMatch(l));
        var taken = last >= 0 ? lines.Skip(last).Take(1).Concat(lines.Skip(last + 1).TakeWhile(l => Continuation().IsMatch(l)).Take(2)) : lines.TakeLast(3);
        var text = Spaces().Replace(string.Join(" | ", taken.Select(l => l.Trim())), " ");
        return text.Length > MaxLength ? text[..MaxLength] + "…" : text;
    }

    [GeneratedRegex(@"^\s*(ERROR|FATAL|PANIC|Error|error)\b|\b[\w.]*(Error|Exception|Failure)\b:")]
    private static partial Regex ErrorLine();

    /// <summary>A stack frame or a traceback header: where, not what.</summary>
    [GeneratedRegex(@"^\s*(File ""|at |Traceback \(most recent call last\))")]
    private static partial Regex FrameLine();

    /// <summary>A line that only points at a column of the line above.</summary>
    [GeneratedRegex(@"^\s*\^+\s*$")]
    private static partial Regex Caret();

    /// <summary>A line that continues the error above it: indented, bracketed, or one of PostgreSQL's and SQLAlchemy's details.</summary>
    [GeneratedRegex(@"^(\s|\[|\(|(LINE \d+|DETAIL|HINT|STATEMENT|CONTEXT|QUERY|WHERE|Position|SQL State|Message)\b)")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
