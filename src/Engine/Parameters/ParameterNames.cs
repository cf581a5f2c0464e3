using System.Text;

namespace Pipeline.Engine.Parameters;

/// <summary>Spellings of parameter names across sources.</summary>
public static class ParameterNames
{
    /// <summary>Environment variables bind a parameter only with this prefix (or when the parameter names them).</summary>
    public const string EnvironmentPrefix = "PIPELINE_";

    /// <summary><c>CoverageThreshold</c> → <c>coverage-threshold</c>.</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The key all sources are compared on: lower case without dashes or underscores.</summary>
    public static string Normalize(string name)
    {
        // A loop, not LINQ over char: this runs for every parameter and variable on every start.
        var trimmed = name.AsSpan().TrimStart('-');
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c is not '-' and not '_')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
