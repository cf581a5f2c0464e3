namespace Pipeline.Sample;

/// <summary>
/// <c>dotnet Pipeline.Sample.dll --healthcheck [url]</c>: exits 0 when the URL (default http://127.0.0.1:8080/health/live)
/// answers 2xx within 3 s. The container HEALTHCHECK uses it because the official aspnet image has no curl.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : "http://127.0.0.1:8080/health/live";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            await Console.Out.WriteLineAsync($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or UriFormatException)
        {
            await Console.Out.WriteLineAsync($"{url}: {e.Message}");
            return 1;
        }
    }
}
