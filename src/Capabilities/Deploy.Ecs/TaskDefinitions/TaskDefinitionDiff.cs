using System.Text;

namespace Pipeline.Deploy.Ecs.TaskDefinitions;

/// <summary>A line diff of two texts (the running and the rendered task definition, as canonical JSON), with context.</summary>
public static class TaskDefinitionDiff
{
    /// <summary>
    /// Unified-style lines: <c>- </c> removed, <c>+ </c> added, <c>  </c> context (<paramref name="context"/> lines
    /// around each change, <c>…</c> between hunks). Empty when the texts are equal.
    /// </summary>
    public static string Lines(string before, string after, int context = 2)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Split(before);
        var b = Split(after);
        var edits = Edits(a, b);
        if (edits.All(e => e.Kind == ' '))
        {
            return "";
        }

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

    private static string[] Split(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static List<(char Kind, string Line)> Edits(string[] a, string[] b)
    {
        // Longest common subsequence table; task definitions are a few hundred lines at most.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
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
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
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
