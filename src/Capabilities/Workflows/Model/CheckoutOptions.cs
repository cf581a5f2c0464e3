namespace Pipeline.Workflows.Model;

/// <summary>
/// How a job checks out the repository (<c>actions/checkout</c>). Credentials are never persisted in <c>.git/config</c>.
/// </summary>
public sealed record CheckoutOptions
{
    /// <summary>Commits to fetch: 1 (GitHub's default, not written) is shallow; 0 fetches every commit and tag, which
    /// a version computed from tags (MinVer) needs.</summary>
    public int FetchDepth { get; init; } = 1;

    /// <summary>Also fetch tags with a shallow <see cref="FetchDepth"/> (0 fetches them anyway).</summary>
    public bool FetchTags { get; init; }

    /// <summary><c>true</c>, <c>recursive</c>, or null for none.</summary>
    public string? Submodules { get; init; }

    /// <summary>Download Git LFS files.</summary>
    public bool Lfs { get; init; }

    /// <summary>The branch, tag or SHA to check out; null: the ref that triggered the workflow.</summary>
    public string? Ref { get; init; }

    /// <summary>Every commit and tag: what a version computed from git tags needs.</summary>
    public static CheckoutOptions FullHistory { get; } = new() { FetchDepth = 0 };

    /// <summary>The <c>with:</c> map of the checkout step.</summary>
    public IReadOnlyDictionary<string, string> With()
    {
        var with = new Dictionary<string, string>(StringComparer.Ordinal) { ["persist-credentials"] = "false" };
        if (FetchDepth != 1)
        {
            with["fetch-depth"] = FetchDepth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (FetchTags)
        {
            with["fetch-tags"] = "true";
        }

        if (Submodules is not null)
        {
            with["submodules"] = Submodules;
        }

        if (Lfs)
        {
            with["lfs"] = "true";
        }

        if (Ref is not null)
        {
            with["ref"] = Ref;
        }

        return with;
    }
}
