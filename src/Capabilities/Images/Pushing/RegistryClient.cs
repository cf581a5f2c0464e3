using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Images.Pushing;

/// <summary>
/// The few registry HTTP API v2 calls the push needs: which digest a tag points at (<c>HEAD /v2/&lt;name&gt;/manifests/&lt;tag&gt;</c>).
/// Authenticates with Basic (distribution's htpasswd, ECR) or the Bearer token challenge (Docker Hub and others).
/// Loopback registries are spoken to over plain HTTP, as the Docker engine does; others over HTTPS.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">How long one registry call may take before it counts as unreachable.</param>
    public RegistryClient(TimeSpan? timeout = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The API base for a registry host: <c>http://</c> for loopback hosts, <c>https://</c> otherwise.</summary>
    public static Uri BaseUriFor(string registryHost)
    {
        var host = registryHost.Split(':')[0];
        var loopback = host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
        return new Uri($"{(loopback ? "http" : "https")}://{registryHost}/");
    }

    /// <summary>The manifest digest the tag points at, or null when the registry does not hold the tag.</summary>
    public async Task<string?> GetManifestDigestAsync(ImageReference reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var tagOrDigest = reference.Digest ?? reference.Tag ?? "latest";
        var uri = new Uri(BaseUriFor(reference.RegistryHost), $"v2/{reference.RepositoryPath}/manifests/{tagOrDigest}");
        using var head = await SendAsync(HttpMethod.Head, uri, reference, credentials, cancellationToken);
        if (head.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Ensure(head, reference, uri);
        if (head.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } digest)
        {
            return digest;
        }

        // Registries that omit the header on HEAD: the digest is the sha256 of the manifest bytes.
        using var get = await SendAsync(HttpMethod.Get, uri, reference, credentials, cancellationToken);
        Ensure(get, reference, uri);
        var bytes = await get.Content.ReadAsByteArrayAsync(cancellationToken);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static void Ensure(HttpResponseMessage response, ImageReference reference, Uri uri)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new RegistryAuthenticationException(
                $"Registry {reference.RegistryHost} rejected the credentials (401 Unauthorized on {uri.AbsolutePath}); check the registry username and password (for ECR, the AWS credentials and region).");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new RegistryAuthenticationException(
                $"Registry {reference.RegistryHost} denied access to {reference.RepositoryPath} (403 Forbidden); grant the identity pull and push on that repository.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryUnavailableException(
                $"Registry {reference.RegistryHost} answered {(int)response.StatusCode} {response.ReasonPhrase} to HEAD {uri.AbsolutePath}; check the registry is healthy and the address is right.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, ImageReference reference, RegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(method, uri, null, reference, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || credentials is null)
        {
            return response;
        }

        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
        response.Dispose();
        var authorization = challenge?.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) == true
            ? await BearerTokenAsync(challenge, reference, credentials, cancellationToken)
            : new AuthenticationHeaderValue("Basic", credentials.BasicToken);
        return await SendOnceAsync(method, uri, authorization, reference, cancellationToken);
    }

    private async Task<AuthenticationHeaderValue> BearerTokenAsync(AuthenticationHeaderValue challenge, ImageReference reference, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        var parameters = ParseChallenge(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm))
        {
            return new AuthenticationHeaderValue("Basic", credentials.BasicToken);
        }

        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.Add("scope=" + Uri.EscapeDataString(parameters.GetValueOrDefault("scope") ?? $"repository:{reference.RepositoryPath}:pull"));
        var tokenUri = new Uri($"{realm}?{string.Join('&', query)}");
        using var response = await SendOnceAsync(HttpMethod.Get, tokenUri, new AuthenticationHeaderValue("Basic", credentials.BasicToken), reference, cancellationToken);
        Ensure(response, reference, tokenUri);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var token = json.RootElement.TryGetProperty("token", out var t) ? t.GetString()
            : json.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
        return new AuthenticationHeaderValue("Bearer", token ?? "");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, AuthenticationHeaderValue? authorization, ImageReference reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        request.Headers.Authorization = authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryUnavailableException(
                $"Registry {reference.RegistryHost} did not answer within {_timeout.TotalSeconds:0.#} s ({method} {uri.GetLeftPart(UriPartial.Path)}); check the address, network and firewall.",
                e);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryUnavailableException(
                $"Registry {reference.RegistryHost} cannot be reached ({method} {uri.GetLeftPart(UriPartial.Path)}): {e.Message}; check the address and that the registry is running.",
                e);
        }
    }

    private static Dictionary<string, string> ParseChallenge(string parameter)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(parameter, "(\\w+)=\"([^\"]*)\""))
        {
            result[m.Groups[1].Value] = m.Groups[2].Value;
        }

        return result;
    }

    public void Dispose() => _http.Dispose();
}
