using System.Net.Http.Headers;

namespace Pipeline.GitHub.StandIn;

/// <summary>
/// GitHub answers its vendor media types (<c>application/vnd.github+json</c>, <c>…v3+json</c>) with
/// <c>application/json</c>; its description lists only <c>application/json</c>, so Prism would answer 406. This asks
/// Prism for what GitHub sends back. Bodies, paths and queries go through untouched.
/// </summary>
internal sealed class JsonAcceptHandler() : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Accept.Any(a => a.MediaType?.StartsWith("application/vnd.github", StringComparison.Ordinal) == true))
        {
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
