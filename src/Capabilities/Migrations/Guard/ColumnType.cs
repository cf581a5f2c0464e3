using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Migrations.Guard;

/// <summary>A column type reduced to a family, a rank within it and a length, to tell widening from narrowing.</summary>
internal sealed partial record ColumnType(string Family, int Rank, int? Length, string Text)
{
    public static ColumnType Parse(string text, int? length = null)
    {
        var match = TypePattern().Match(text.Trim().ToLowerInvariant());
        var name = match.Success ? match.Groups["name"].Value.Trim() : text.Trim().ToLowerInvariant();
        if (match.Success && match.Groups["len"].Success)
        {
            length = int.Parse(match.Groups["len"].Value, CultureInfo.InvariantCulture);
        }

        var (family, rank) = name switch
        {
            "smallint" or "int2" => ("integer", 2),
            "integer" or "int" or "int4" => ("integer", 4),
            "bigint" or "int8" => ("integer", 8),
            "numeric" or "decimal" when length is null => ("integer", 16),
            "real" or "float4" => ("float", 4),
            "double precision" or "float8" or "float" => ("float", 8),
            "character" or "char" or "bpchar" => ("string", 1),
            "character varying" or "varchar" => ("string", length is null ? 3 : 2),
            "text" => ("string", 3),
            _ => (name, 0),
        };
        return new ColumnType(family, rank, length, length is null ? name : $"{name}({length})");
    }

    /// <summary>Every value of <paramref name="from"/> fits in this type.</summary>
    public bool Holds(ColumnType from)
    {
        if (Family != from.Family)
        {
            return false;
        }

        if (Family == "string")
        {
            return Rank == 3 || (from.Rank != 3 && from.Length is { } old && Length is { } now && now >= old);
        }

        return Rank >= from.Rank && (Rank > 0 || (Length ?? 0) >= (from.Length ?? 0));
    }

    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9 ]*?)\s*(?:\(\s*(?<len>\d+)\s*(?:,\s*\d+\s*)?\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();
}
