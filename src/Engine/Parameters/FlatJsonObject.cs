using System.Globalization;
using System.Text;

namespace Pipeline.Engine.Parameters;

/// <summary>
/// Reads the common shape of a parameters file — one object of names to strings, numbers, booleans, null or arrays of
/// them, with comments and trailing commas — without System.Text.Json, whose first use costs about 10 ms of every start.
/// Anything else (nesting, an odd escape, a syntax error) is declined, and the caller parses with System.Text.Json, which
/// then has the last word, error messages included. Values are as <see cref="ParametersFile"/> renders them: strings
/// unescaped, numbers as written, <c>true</c>/<c>false</c>, a null member as no values, a null element as "null".
/// </summary>
internal sealed class FlatJsonObject
{
    private readonly string _text;
    private int _position;

    private FlatJsonObject(string text) => _text = text;

    /// <summary>The members in order (a repeated name: the last wins), or null when the text is not of the plain shape.</summary>
    public static List<KeyValuePair<string, IReadOnlyList<string>>>? TryRead(string text) => new FlatJsonObject(text).ReadObject();

    private List<KeyValuePair<string, IReadOnlyList<string>>>? ReadObject()
    {
        var members = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        if (!SkipSpace() || Next() != '{')
        {
            return null;
        }

        while (true)
        {
            if (!SkipSpace())
            {
                return null;
            }

            if (Peek() == '}')
            {
                _position++;
                return !SkipSpace() || _position < _text.Length ? null : members;
            }

            if (ReadString() is not { } name || !SkipSpace() || Next() != ':' || !SkipSpace())
            {
                return null;
            }

            IReadOnlyList<string>? values;
            if (Peek() == '[')
            {
                values = ReadArray();
            }
            else
            {
                var scalar = ReadScalar();
                values = scalar is null ? null : scalar.IsNull ? [] : [scalar.Text];
            }

            if (values is null || !SkipSpace())
            {
                return null;
            }

            members.Add(new(name, values));
            var separator = Next();
            if (separator == '}')
            {
                return !SkipSpace() || _position < _text.Length ? null : members;
            }

            if (separator != ',')
            {
                return null;
            }
        }
    }

    private List<string>? ReadArray()
    {
        _position++;
        var values = new List<string>();
        while (true)
        {
            if (!SkipSpace())
            {
                return null;
            }

            if (Peek() == ']')
            {
                _position++;
                return values;
            }

            if (ReadScalar() is not { } scalar || !SkipSpace())
            {
                return null;
            }

            values.Add(scalar.IsNull ? "null" : scalar.Text);
            var separator = Next();
            if (separator == ']')
            {
                return values;
            }

            if (separator != ',')
            {
                return null;
            }
        }
    }

    private sealed record Scalar(string Text, bool IsNull = false);

    private Scalar? ReadScalar() => Peek() switch
    {
        '"' => ReadString() is { } text ? new Scalar(text) : null,
        't' => Literal("true") ? new Scalar("true") : null,
        'f' => Literal("false") ? new Scalar("false") : null,
        'n' => Literal("null") ? new Scalar("null", IsNull: true) : null,
        _ => ReadNumber() is { } number ? new Scalar(number) : null,
    };

    private bool Literal(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            return false;
        }

        _position += word.Length;
        return _position >= _text.Length || !char.IsAsciiLetterOrDigit(_text[_position]);
    }

    // JSON's grammar exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private string? ReadNumber()
    {
        var start = _position;
        if (Peek() == '-')
        {
            _position++;
        }

        if (Peek() == '0')
        {
            _position++;
        }
        else if (!Digits())
        {
            return null;
        }

        if (Peek() == '.')
        {
            _position++;
            if (!Digits())
            {
                return null;
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!Digits())
            {
                return null;
            }
        }

        return _position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '.')
            ? null
            : _text[start.._position];
    }

    private bool Digits()
    {
        var start = _position;
        while (char.IsAsciiDigit(Peek()))
        {
            _position++;
        }

        return _position > start;
    }

    private string? ReadString()
    {
        if (Next() != '"')
        {
            return null;
        }

        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            switch (c)
            {
                case '"':
                    return builder.ToString();
                case < ' ':
                    return null;
                case '\\':
                    if (Escape() is not { } escaped)
                    {
                        return null;
                    }

                    builder.Append(escaped);
                    break;
                default:
                    // Surrogates are left to System.Text.Json, which checks their pairing.
                    if (char.IsSurrogate(c))
                    {
                        return null;
                    }

                    builder.Append(c);
                    break;
            }
        }

        return null;
    }

    private char? Escape()
    {
        switch (Next())
        {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u' when _position + 4 <= _text.Length
                && ushort.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && !char.IsSurrogate((char)code):
                _position += 4;
                return (char)code;
            default: return null;
        }
    }

    /// <summary>Skips whitespace and comments; false on an unterminated block comment.</summary>
    private bool SkipSpace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                var end = _text.IndexOf('\n', _position);
                _position = end < 0 ? _text.Length : end + 1;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }

                _position = end + 2;
            }
            else
            {
                break;
            }
        }

        return true;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char Next() => _position < _text.Length ? _text[_position++] : '\0';
}
