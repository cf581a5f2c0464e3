using System.Text;

namespace Pipeline.Migrations.Guard;

/// <summary>Splits SQL into statements and strips comments, minding quotes and dollar quotes; good enough to analyse DDL.</summary>
internal static class SqlStatements
{
    public static IEnumerable<string> Split(string sql)
    {
        var current = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i, "--"))
            {
                i = sql.IndexOf('\n', i) is var end && end < 0 ? sql.Length : end;
                current.Append(' ');
            }
            else if (c == '/' && At(sql, i, "/*"))
            {
                i = sql.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end && end < 0 ? sql.Length : end + 2;
                current.Append(' ');
            }
            else if (c is '\'' or '"')
            {
                var end = sql.IndexOf(c, i + 1);
                end = end < 0 ? sql.Length - 1 : end;
                current.Append(sql, i, end - i + 1);
                i = end + 1;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + tag.Length;
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c == ';')
            {
                if (Normalize(current) is { Length: > 0 } statement)
                {
                    yield return statement;
                }

                current.Clear();
                i++;
            }
            else
            {
                current.Append(char.IsWhiteSpace(c) ? ' ' : c);
                i++;
            }
        }

        if (Normalize(current) is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    /// <summary>Splits at commas that are not inside parentheses (ALTER TABLE t ADD a int, DROP b).</summary>
    public static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '\'' or '"':
                    var end = text.IndexOf(text[i], i + 1);
                    i = end < 0 ? text.Length - 1 : end;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..].Trim();
    }

    private static string Normalize(StringBuilder statement)
    {
        var text = statement.ToString().Trim();
        while (text.Contains("  ", StringComparison.Ordinal))
        {
            text = text.Replace("  ", " ", StringComparison.Ordinal);
        }

        return text;
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static string? DollarTag(string sql, int index)
    {
        var end = sql.IndexOf('$', index + 1);
        if (end < 0)
        {
            return null;
        }

        var tag = sql[index..(end + 1)];
        return tag.Skip(1).SkipLast(1).All(ch => char.IsLetterOrDigit(ch) || ch == '_') ? tag : null;
    }
}
