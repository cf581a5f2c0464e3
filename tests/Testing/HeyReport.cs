using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Testing;

/// <summary>What hey (the HTTP load generator) reported: requests per second, responses per status code, and whether any request failed outright.</summary>
public sealed partial record HeyReport(double RequestsPerSecond, IReadOnlyDictionary<int, long> Statuses, bool HasErrors, string Text)
{
    /// <summary>Why hey cannot run here, or null.</summary>
    public static string? UnavailableReason =>
        File.Exists("/usr/bin/hey") || (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "hey")))
            ? null
            : "hey is not installed (apt-get install hey)";

    public long Total => Statuses.Values.Sum();

    public static HeyReport Parse(string text) => new(
        RatePattern().Match(text) is { Success: true } rate ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
        StatusLine().Matches(text)
            .GroupBy(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))),
        text.Contains("Error distribution", StringComparison.Ordinal),
        text);

    public long Count(int status) => Statuses.GetValueOrDefault(status);

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+) responses")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();
}
