using System.Globalization;
using Octokit;

namespace Pipeline.GitHub.Api;

/// <summary>How long GitHub asks a client to wait after a rate limit: <c>Retry-After</c>, else <c>x-ratelimit-reset</c>.</summary>
internal static class RateLimitWait
{
    /// <summary>The wait GitHub asks for, or null when the response is not a rate limit.</summary>
    public static TimeSpan? From(IResponse? response, DateTimeOffset now)
    {
        if (response is null)
        {
            return null;
        }

        if (Header(response, "Retry-After") is { } retryAfter && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var exhausted = Header(response, "x-ratelimit-remaining") == "0";
        if ((exhausted || (int)response.StatusCode == 429)
            && Header(response, "x-ratelimit-reset") is { } reset
            && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // A 429 without either header: GitHub's guidance is to wait at least a minute.
        return (int)response.StatusCode == 429 ? TimeSpan.FromMinutes(1) : null;
    }

    private static string? Header(IResponse response, string name) =>
        response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
