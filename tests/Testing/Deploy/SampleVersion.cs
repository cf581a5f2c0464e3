using System.Text.Json;

namespace Pipeline.Testing;

/// <summary>What the sample service answers on <c>/version</c>.</summary>
public static class SampleVersion
{
    /// <summary>The version the service at <paramref name="baseUrl"/> (e.g. an environment's public URL) answers with.</summary>
    public static async Task<string?> ReadAsync(Uri baseUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri(baseUrl, "version"));
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("version").GetString();
    }
}
