using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Octokit;
using Octokit.Internal;

namespace Pipeline.GitHub.Api;

/// <summary>
/// One repository's GitHub API: Octokit's client for the calls it has, and its connection (auth, user agent, error
/// types) for the endpoints it lacks, with JSON written and read here. Every call maps failures to one line and waits
/// out short rate limits as GitHub asks.
/// </summary>
public sealed class GitHubApi
{
    private const string Accept = "application/vnd.github+json";
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="options">API URL, token, repository, waits.</param>
    /// <param name="logger">Where rate-limit waits are logged.</param>
    /// <param name="time">The clock rate-limit waits use.</param>
    /// <param name="handler">The HTTP handler under Octokit (proxies, stand-ins); the default one when null.</param>
    public GitHubApi(GitHubOptions options, ILogger logger, TimeProvider? time = null, Func<HttpMessageHandler>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var baseUrl = options.ApiUrl.AbsoluteUri.EndsWith('/') ? options.ApiUrl : new Uri(options.ApiUrl.AbsoluteUri + "/");

        // new GitHubClient(header, uri) appends /api/v3/ to any host but github.com; a Connection keeps the URL as given.
        var credentials = new InMemoryCredentialStore(new Credentials(options.Token));
        var connection = handler is null
            ? new Connection(new Octokit.ProductHeaderValue("Pipeline"), baseUrl, credentials)
            : new Connection(new Octokit.ProductHeaderValue("Pipeline"), baseUrl, credentials, new HttpClientAdapter(handler), new SimpleJsonSerializer());
        connection.SetRequestTimeout(options.RequestTimeout);
        Client = new GitHubClient(connection);
    }

    public GitHubOptions Options { get; }

    public GitHubRepository Repository => Options.Repository;

    /// <summary>Octokit's client, for the calls it covers.</summary>
    public GitHubClient Client { get; }

    /// <summary>The repository path prefix: <c>repos/owner/name</c>.</summary>
    public string RepositoryPath => $"repos/{Uri.EscapeDataString(Repository.Owner)}/{Uri.EscapeDataString(Repository.Name)}";

    /// <summary>Fails with one line when the repository does not exist or the token cannot see it.</summary>
    public async Task EnsureRepositoryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(() => Client.Repository.Get(Repository.Owner, Repository.Name), "reading the repository", GitHubPermission.Read, cancellationToken);
        }
        catch (GitHubException e) when (e.InnerException is NotFoundException)
        {
            throw new GitHubException(
                $"repository {Repository} not found at {Options.ApiUrl} (404): check --github-repository (GITHUB_REPOSITORY, else the origin remote), and that the token can see it", e.InnerException);
        }
    }

    /// <summary>GitHub's <c>visibility</c> of the repository: <c>public</c>, <c>private</c> or <c>internal</c>.</summary>
    public async Task<string?> VisibilityAsync(CancellationToken cancellationToken) =>
        (await GetAsync(RepositoryPath, "reading the repository", GitHubPermission.Read, cancellationToken))?.String("visibility");

    /// <summary>An Octokit call, with errors mapped to one line and short rate limits waited out.</summary>
    public async Task<T> CallAsync<T>(Func<Task<T>> call, string what, GitHubPermission permission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (ApiException e) when (RateLimitWait.From(e.HttpResponse, _time.GetUtcNow()) is { } wait && IsRateLimit(e))
            {
                if (wait > Options.MaxRateLimitWait || attempt >= 3)
                {
                    var at = _time.GetUtcNow() + wait;
                    throw new GitHubException(
                        $"GitHub's rate limit stops {what} in {Repository}: retry after {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (in {Math.Ceiling(wait.TotalMinutes)} min), or use a token with a higher limit", e);
                }

                _logger.LogWarning("GitHub rate limit while {What}: waiting {Seconds} s as GitHub asks", what, Math.Ceiling(wait.TotalSeconds));
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (Exception e) when (e is not GitHubException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw GitHubErrors.Describe(e, what, permission, Options);
            }
        }
    }

    /// <summary>GET of a raw endpoint; the JSON body, or null when GitHub sent none.</summary>
    public Task<JsonElement?> GetAsync(string path, string what, GitHubPermission permission, CancellationToken cancellationToken, IDictionary<string, string>? query = null) =>
        CallAsync(async () => Body(await Client.Connection.Get<object>(Relative(path), query ?? new Dictionary<string, string>(), Accept, cancellationToken)), what, permission, cancellationToken);

    /// <summary>Every item of a paged list endpoint whose items are under <paramref name="member"/> (30 per page).</summary>
    public async IAsyncEnumerable<JsonElement> PagesAsync(string path, string member, string what, GitHubPermission permission, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int PageSize = 30;
        for (var page = 1; ; page++)
        {
            var query = new Dictionary<string, string> { ["per_page"] = PageSize.ToString(CultureInfo.InvariantCulture), ["page"] = page.ToString(CultureInfo.InvariantCulture) };
            var body = await GetAsync(path, what, permission, cancellationToken, query) ?? default;
            var items = body.Items(member).ToList();
            foreach (var item in items)
            {
                yield return item;
            }

            if (items.Count < PageSize || page * PageSize >= (body.Long("total_count") ?? 0))
            {
                yield break;
            }
        }
    }

    /// <summary>POST, PUT or PATCH of a raw endpoint with a JSON body (snake_case); the JSON answer, if any.</summary>
    public Task<JsonElement?> SendAsync(HttpMethod method, string path, object body, string what, GitHubPermission permission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        return CallAsync(
            async () =>
            {
                var content = Json(body);
                var uri = Relative(path);
                IApiResponse<object> response = method.Method switch
                {
                    "POST" => await Client.Connection.Post<object>(uri, content, Accept, "application/json", new Dictionary<string, string>(), cancellationToken),
                    "PUT" => await Client.Connection.Put<object>(uri, content, null, Accept),
                    "PATCH" => await Client.Connection.Patch<object>(uri, content, Accept),
                    _ => throw new ArgumentException($"unsupported method {method}", nameof(method)),
                };
                return Body(response);
            },
            what,
            permission,
            cancellationToken);
    }

    /// <summary>
    /// POST of one of Octokit's request models (serialized by Octokit) as <c>application/json</c>. Octokit's own
    /// <c>Create</c> calls label the JSON body <c>application/x-www-form-urlencoded</c>, which GitHub tolerates but its
    /// OpenAPI description does not allow.
    /// </summary>
    public async Task<T> PostModelAsync<T>(string path, object model, CancellationToken cancellationToken) =>
        (await Client.Connection.Post<T>(Relative(path), model, Accept, "application/json", new Dictionary<string, string>(), cancellationToken)).Body;

    /// <summary>DELETE of a raw endpoint.</summary>
    public Task DeleteAsync(string path, string what, GitHubPermission permission, CancellationToken cancellationToken) =>
        CallAsync(() => Client.Connection.Delete(Relative(path)), what, permission, cancellationToken);

    private static bool IsRateLimit(ApiException exception) =>
        exception is RateLimitExceededException or SecondaryRateLimitExceededException || (int)exception.StatusCode == 429
        || (exception.StatusCode == System.Net.HttpStatusCode.Forbidden && exception.HttpResponse?.Headers.Any(h =>
            (string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)) || (string.Equals(h.Key, "x-ratelimit-remaining", StringComparison.OrdinalIgnoreCase) && h.Value == "0")) == true);

    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);

    private static StringContent Json(object body)
    {
        var content = new StringContent(JsonSerializer.Serialize(body, GitHubJson.Options), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static JsonElement? Body(IApiResponse<object> response) =>
        response.HttpResponse.Body is string { Length: > 0 } text ? JsonDocument.Parse(text).RootElement.Clone() : null;
}
