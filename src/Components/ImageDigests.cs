using System.Text.RegularExpressions;

namespace Pipeline.Components;

/// <summary>Image digests (<c>sha256:</c> and 64 hex digits) named in an <c>--image</c> value.</summary>
internal static partial class ImageDigests
{
    /// <summary>The first digest <paramref name="images"/> names (<c>repo@sha256:…</c>, or <c>service=repo@sha256:…,…</c>); null when none.</summary>
    public static string? First(string? images) => images is not null && Digest().Match(images) is { Success: true } match ? match.Value : null;

    [GeneratedRegex("sha256:[0-9a-f]{64}", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();
}
