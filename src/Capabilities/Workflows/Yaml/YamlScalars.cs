using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Workflows.Yaml;

/// <summary>
/// Decides how a scalar is written: plain when YAML (1.1 and 1.2 resolvers alike) reads it back as the same string,
/// single-quoted otherwise, double-quoted when it holds control characters.
/// </summary>
internal static partial class YamlScalars
{
    private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";

    public static string Format(YamlScalar scalar, bool inFlow = false) => scalar.Kind switch
    {
        ScalarKind.Literal => scalar.Value,
        ScalarKind.Loose when LooseLiteral().IsMatch(scalar.Value) => scalar.Value,
        _ => FormatText(scalar.Value, inFlow),
    };

    public static string FormatText(string value, bool inFlow = false)
    {
        if (value.Any(c => char.IsControl(c)))
        {
            return DoubleQuoted(value);
        }

        return IsPlainSafe(value, inFlow) ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    public static bool IsPlainSafe(string value, bool inFlow = false)
    {
        if (value.Length == 0 || value.Any(char.IsControl) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if (Indicators.Contains(value[0], StringComparison.Ordinal) || value.EndsWith(':')
            || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        if (inFlow && value.IndexOfAny([',', '[', ']', '{', '}']) >= 0)
        {
            return false;
        }

        return !NonString().IsMatch(value);
    }

    private static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    // Anything a YAML 1.1 or 1.2 resolver may read as null, bool, number, timestamp or merge key.
    [GeneratedRegex(@"^(?:~|null|y|n|yes|no|true|false|on|off|<<|[-+]?\.?(?:inf|nan)|[-+.]?[0-9][0-9a-z_.:+-]*|0x[0-9a-f_]+|0o[0-7_]+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NonString();

    [GeneratedRegex(@"^(?:true|false|0|-?[1-9][0-9]{0,17})$", RegexOptions.CultureInvariant)]
    private static partial Regex LooseLiteral();
}
