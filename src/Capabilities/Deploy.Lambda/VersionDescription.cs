namespace Pipeline.Deploy.Lambda;

/// <summary>
/// What Pipeline writes as a published version's description (Lambda keeps it with the version, unchangeable):
/// <c>pipeline: 1.4.0 sha256:… commit abc1234</c> — the version label, the image digest and the commit, so Status
/// and Rollback read what a version is from Lambda itself.
/// </summary>
internal sealed record VersionDescription(string Label, string? Digest, string? Commit)
{
    private const string Prefix = "pipeline: ";

    /// <summary>Lambda's limit on a description.</summary>
    public const int MaxLength = 256;

    public string Format()
    {
        var text = $"{Prefix}{Label} {Digest ?? "-"} commit {Commit ?? "-"}";
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    /// <summary>The description of a version Pipeline published; null for one it did not (published by hand, by other tools).</summary>
    public static VersionDescription? Parse(string? description)
    {
        if (description is null || !description.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = description[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || parts[2] != "commit")
        {
            return null;
        }

        return new VersionDescription(parts[0], parts[1] == "-" ? null : parts[1], parts[3] == "-" ? null : parts[3]);
    }
}
