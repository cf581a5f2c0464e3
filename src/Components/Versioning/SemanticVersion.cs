using System.Globalization;

namespace Pipeline.Components.Versioning;

/// <summary>
/// A version as SemVer 2.0 orders it (<c>major.minor.patch[-pre.release]</c>; build metadata is not part of it), with
/// the two steps a version computed from git tags takes: the next patch's pre-release, and the height appended.
/// </summary>
public sealed record SemanticVersion(int Major, int Minor, int Patch, IReadOnlyList<string> PreRelease) : IComparable<SemanticVersion>
{
    /// <summary>The pre-release identifiers of a version after a release (MinVer's <c>alpha.0</c>).</summary>
    public static IReadOnlyList<string> DefaultPreRelease { get; } = ["alpha", "0"];

    /// <summary>What a repository without a version tag starts from (MinVer's default).</summary>
    public static SemanticVersion Initial { get; } = new(0, 0, 0, DefaultPreRelease);

    public bool IsPreRelease => PreRelease.Count > 0;

    /// <summary>
    /// The version <paramref name="text"/> names after <paramref name="prefix"/> (<c>v1.2.3</c>, <c>v2.0.0-rc.1+build</c>),
    /// or null when it names none.
    /// </summary>
    public static SemanticVersion? ParseOrNull(string text, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var version = text[prefix.Length..];
        if (version.IndexOf('+', StringComparison.Ordinal) is var plus and >= 0)
        {
            version = version[..plus];
        }

        var dash = version.IndexOf('-', StringComparison.Ordinal);
        var core = (dash < 0 ? version : version[..dash]).Split('.');
        var preRelease = dash < 0 ? [] : version[(dash + 1)..].Split('.');
        if (core.Length != 3 || !core.All(IsNumber) || preRelease.Any(p => p.Length == 0 || !p.All(IsIdentifierChar))
            || !int.TryParse(core[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(core[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(core[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return null;
        }

        return new SemanticVersion(major, minor, patch, preRelease);
    }

    /// <summary>After a release, what comes next: the next patch's default pre-release (1.2.3 → 1.2.4-alpha.0).</summary>
    public SemanticVersion NextPatchPreRelease() => IsPreRelease ? this : new(Major, Minor, Patch + 1, DefaultPreRelease);

    /// <summary>
    /// The version <paramref name="height"/> commits after this one was tagged: unchanged at the tag itself, else the next
    /// pre-release with the height as its last identifier (1.2.3 → 1.2.4-alpha.0.5; 2.0.0-rc.1 → 2.0.0-rc.1.5).
    /// </summary>
    public SemanticVersion WithHeight(int height)
    {
        if (height == 0)
        {
            return this;
        }

        var next = NextPatchPreRelease();
        return next with { PreRelease = [.. next.PreRelease, height.ToString(CultureInfo.InvariantCulture)] };
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0 || IsPreRelease != other.IsPreRelease)
        {
            return core != 0 ? core : IsPreRelease ? -1 : 1;
        }

        for (var i = 0; i < Math.Min(PreRelease.Count, other.PreRelease.Count); i++)
        {
            var order = CompareIdentifiers(PreRelease[i], other.PreRelease[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return PreRelease.Count.CompareTo(other.PreRelease.Count);
    }

    public bool Equals(SemanticVersion? other) => other is not null && CompareTo(other) == 0;

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', PreRelease));

    public override string ToString() =>
        IsPreRelease ? $"{Major}.{Minor}.{Patch}-{string.Join('.', PreRelease)}" : $"{Major}.{Minor}.{Patch}";

    // Numeric identifiers sort numerically and below alphanumeric ones.
    private static int CompareIdentifiers(string left, string right) =>
        (IsNumber(left), IsNumber(right)) switch
        {
            (true, true) => left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(left, right),
        };

    private static bool IsNumber(string text) => text.Length > 0 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
