namespace Pipeline.Deploy.Local;

/// <summary>The readiness check of the local platforms: GET the readiness path on the loopback port a colour listens on.</summary>
internal static class ReadinessProbe
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(3),
    };

    /// <summary>Null when <paramref name="url"/> answers 2xx; otherwise what it answered, for a human.</summary>
    public static async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = string.Join(' ', (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.TrimEntries));
            return $"answered {(int)response.StatusCode}{(body.Length == 0 ? "" : $" {(body.Length > 160 ? body[..160] + "…" : body)}")}";
        }
        catch (HttpRequestException e)
        {
            return $"failed: {e.HttpRequestError}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "did not answer within 3 s";
        }
    }
}
