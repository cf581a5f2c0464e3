using System.Text;

namespace Pipeline.Engine.Targets;

/// <summary>Readable text of a condition lambda's code, as the compiler captured it.</summary>
public static class ConditionText
{
    /// <summary><c>() =&gt; Mode == Mode.Thorough</c> → <c>Mode == Mode.Thorough</c>; white space runs become one space.</summary>
    public static string Of(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "(condition)";
        }

        var text = code.Trim();
        if (text.StartsWith("()", StringComparison.Ordinal) && text.AsSpan(2).TrimStart().StartsWith("=>", StringComparison.Ordinal))
        {
            text = text[(text.IndexOf("=>", StringComparison.Ordinal) + 2)..];
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The last member of a member access (<c>((IPush)this).Registry</c> → Registry); null for anything else.</summary>
    public static string? MemberName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.LastIndexOf('.') + 1;
        var name = text[start..].TrimEnd('!');
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return null;
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return null;
            }
        }

        // Before the member: only a receiver (identifiers, dots, casts' parentheses), not an operator.
        foreach (var c in text.AsSpan(0, start))
        {
            if (!char.IsLetterOrDigit(c) && c is not '_' and not '.' and not '(' and not ')' and not ' ')
            {
                return null;
            }
        }

        return name;
    }
}
