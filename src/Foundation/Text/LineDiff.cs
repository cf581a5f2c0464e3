using System.Text;

namespace Pipeline.Foundation.Text;

/// <summary>
/// Line diffs of two texts by longest common subsequence (the texts are small: workflow files, task definitions), in two
/// renderings: <see cref="Unified"/> as git shows it, <see cref="Compact"/> for a plan on the console.
/// </summary>
public static class LineDiff
{
    /// <summary>A unified diff (<c>---</c>/<c>+++</c> labels, <c>@@</c> hunks); empty when the texts are equal.</summary>
    public static string Unified(string expected, string actual, string expectedLabel, string actualLabel, int context = 3)
    {
        var edits = Edits(SplitLines(expected), SplitLines(actual));
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder().Append("--- ").Append(expectedLabel).Append('\n').Append("+++ ").Append(actualLabel).Append('\n');
        var index = 0;
        while (index < edits.Count)
        {
            var firstChange = edits.FindIndex(index, e => e.Kind != ' ');
            if (firstChange < 0)
            {
                break;
            }

            var start = Math.Max(index, firstChange - context);
            var end = firstChange;
            var lastChange = firstChange;
            while (end < edits.Count && end - lastChange <= 2 * context)
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldStart = edits.Take(start).Count(e => e.Kind != '+') + 1;
            var newStart = edits.Take(start).Count(e => e.Kind != '-') + 1;
            output.Append($"@@ -{oldStart},{hunk.Count(e => e.Kind != '+')} +{newStart},{hunk.Count(e => e.Kind != '-')} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Line).Append('\n');
            }

            index = end;
        }

        return output.ToString();
    }

    /// <summary>
    /// Changed lines only: <c>- </c> removed, <c>+ </c> added, <c>  </c> context (<paramref name="context"/> lines around
    /// each change, <c>  …</c> between hunks). Empty when the texts are equal.
    /// </summary>
    public static string Compact(string before, string after, int context = 2)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var edits = Edits(SplitLines(before), SplitLines(after));
        var keep = new bool[edits.Count];
        for (var i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind != ' ')
            {
                for (var j = Math.Max(0, i - context); j <= Math.Min(edits.Count - 1, i + context); j++)
                {
                    keep[j] = true;
                }
            }
        }

        var text = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < edits.Count; i++)
        {
            if (!keep[i])
            {
                skipped = true;
                continue;
            }

            if (skipped && text.Length > 0)
            {
                text.Append("  …\n");
            }

            skipped = false;
            text.Append(edits[i].Kind).Append(' ').Append(edits[i].Line).Append('\n');
        }

        return text.ToString();
    }

    private static string[] SplitLines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static List<(char Kind, string Line)> Edits(string[] a, string[] b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var edits = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || lengths[x + 1, y] >= lengths[x, y + 1]))
            {
                edits.Add(('-', a[x++]));
            }
            else
            {
                edits.Add(('+', b[y++]));
            }
        }

        return edits;
    }
}
