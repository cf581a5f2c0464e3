using System.Text;

namespace Pipeline.Images.Building;

/// <summary>
/// Tags derived from a revision: <c>sha-&lt;12 hex&gt;</c> (unique and immutable), the branch name sanitised to valid tag
/// characters (moves with the branch), and the version when one is given (leading <c>v</c> dropped).
/// </summary>
public static class ImageTags
{
    private const int MaxLength = 128;

    public static IReadOnlyList<string> For(ImageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tags = new List<string>();
        var sha = source.Sha.Trim().ToLowerInvariant();
        if (sha.Length < 7 || !sha.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"Git sha '{source.Sha}' is not a hex commit id (at least 7 characters).", nameof(source));
        }

        tags.Add("sha-" + sha[..Math.Min(12, sha.Length)]);
        if (!string.IsNullOrWhiteSpace(source.Branch) && Sanitize(StripRef(source.Branch)) is { Length: > 0 } branch)
        {
            tags.Add(branch);
        }

        if (!string.IsNullOrWhiteSpace(source.Version) && Sanitize(source.Version.Trim().TrimStart('v', 'V')) is { Length: > 0 } version)
        {
            tags.Add(version);
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Maps any text to a valid tag: <c>[A-Za-z0-9_.-]</c>, not starting with <c>.</c> or <c>-</c>, at most 128.</summary>
    public static string Sanitize(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-');
        }

        var tag = builder.ToString().TrimStart('.', '-');
        while (tag.Contains("--", StringComparison.Ordinal))
        {
            tag = tag.Replace("--", "-", StringComparison.Ordinal);
        }

        return tag.Length > MaxLength ? tag[..MaxLength].TrimEnd('.', '-') : tag.TrimEnd('-');
    }

    private static string StripRef(string branch)
    {
        branch = branch.Trim();
        return branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch["refs/heads/".Length..] : branch;
    }
}
