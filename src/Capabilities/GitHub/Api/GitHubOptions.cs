namespace Pipeline.GitHub.Api;

/// <summary>How to reach GitHub: the API's base URL, the token and the repository the calls are about.</summary>
public sealed record GitHubOptions(string Token, GitHubRepository Repository)
{
    /// <summary>The REST API's base URL: <c>https://api.github.com</c>, or GHES' <c>https://host/api/v3</c>.</summary>
    public Uri ApiUrl { get; init; } = new("https://api.github.com");

    /// <summary>The longest wait GitHub may ask for when a rate limit is hit; a longer one fails saying when to retry.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may take before GitHub counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
