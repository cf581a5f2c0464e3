using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Environments;
using static Pipeline.GitHub.Tests.CannedGitHub;

namespace Pipeline.GitHub.Tests;

public class ErrorTests
{
    private const string Repository = """{"id":1,"name":"service","full_name":"acme/service","owner":{"login":"acme","id":1},"private":false}""";

    private static GitHubApi Api(Uri url, TimeSpan? maxWait = null) =>
        new(new GitHubOptions("token", new GitHubRepository("acme", "service")) { ApiUrl = url, MaxRateLimitWait = maxWait ?? TimeSpan.FromSeconds(60), RequestTimeout = TimeSpan.FromSeconds(5) }, NullLogger.Instance);

    private static readonly GitHubEnvironmentSpec[] Declared =
        [new("production", new GitHubEnvironmentSettings { Reviewers = ["ghost-user"], WaitTimer = TimeSpan.FromMinutes(5) })];

    private static async Task<string> FailureOf(Func<Task> action) => (await Assert.ThrowsAsync<GitHubException>(action)).Message;

    [Fact]
    public async Task A_rejected_token_says_how_to_provide_one()
    {
        using var github = new CannedGitHub((_, _) => Answer.Error(401, "Bad credentials"));

        var message = await FailureOf(() => new GitHubEnvironments(Api(github.Url), NullLogger.Instance).PlanAsync(Declared, CancellationToken.None));

        Assert.Equal("GitHub rejected the token while reading the repository (401 Bad credentials): provide a valid token with --github-token or GITHUB_TOKEN", message);
    }

    [Fact]
    public async Task A_token_without_admin_rights_names_the_permission()
    {
        using var github = new CannedGitHub((request, _) => request.Path == "/repos/acme/service"
            ? Answer.Ok(Repository)
            : Answer.Error(403, "Resource not accessible by integration"));

        var message = await FailureOf(() => new GitHubEnvironments(Api(github.Url), NullLogger.Instance).PlanAsync(Declared, CancellationToken.None));

        Assert.StartsWith("GitHub refused reading environment 'production' in acme/service (403 Resource not accessible by integration): the token needs repository admin rights", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repository_says_which_and_where_to_fix_it()
    {
        using var github = new CannedGitHub((_, _) => Answer.Error(404, "Not Found"));

        var message = await FailureOf(() => new GitHubEnvironments(Api(github.Url), NullLogger.Instance).PlanAsync(Declared, CancellationToken.None));

        Assert.StartsWith($"repository acme/service not found at {github.Url} (404): check --github-repository", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reviewer_is_named_with_its_environment()
    {
        using var github = new CannedGitHub((request, _) => request.Path switch
        {
            "/repos/acme/service" => Answer.Ok(Repository),
            "/users/ghost-user" => Answer.Error(404, "Not Found"),
            "/repos/acme/service/environments/production" => Answer.Error(404, "Not Found"),
            _ => Answer.Ok("""{"total_count":0,"variables":[],"secrets":[]}"""),
        });
        var environments = new GitHubEnvironments(Api(github.Url), NullLogger.Instance);
        var plan = await environments.PlanAsync(Declared, CancellationToken.None);

        var message = await FailureOf(() => environments.ApplyAsync(plan, CancellationToken.None));

        Assert.Equal("environment 'production': unknown reviewer 'ghost-user': GitHub has no user with that login (check Reviewers in the environment's declaration)", message);
        Assert.DoesNotContain(github.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_team_names_organization_and_slug()
    {
        using var github = new CannedGitHub((request, _) => request.Path switch
        {
            "/repos/acme/service" => Answer.Ok(Repository),
            "/orgs/acme/teams/nobody" => Answer.Error(404, "Not Found"),
            "/repos/acme/service/environments/production" => Answer.Error(404, "Not Found"),
            _ => Answer.Ok("""{"total_count":0,"variables":[],"secrets":[]}"""),
        });
        var environments = new GitHubEnvironments(Api(github.Url), NullLogger.Instance);
        var plan = await environments.PlanAsync([new GitHubEnvironmentSpec("production", new GitHubEnvironmentSettings { Reviewers = ["acme/nobody"] })], CancellationToken.None);

        var message = await FailureOf(() => environments.ApplyAsync(plan, CancellationToken.None));

        Assert.StartsWith("environment 'production': unknown reviewer team 'acme/nobody': no team 'nobody' in organization 'acme'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_rate_limit_is_waited_out_as_GitHub_asks()
    {
        using var github = new CannedGitHub((_, count) => count == 1
            ? Answer.Error(429, "You have exceeded a secondary rate limit", new() { ["Retry-After"] = "1" })
            : Answer.Ok(Repository));
        var started = DateTimeOffset.UtcNow;

        await Api(github.Url).EnsureRepositoryAsync(CancellationToken.None);

        Assert.Equal(2, github.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(0.9), "waited less than Retry-After");
    }

    [Fact]
    public async Task A_long_rate_limit_fails_saying_when_to_retry()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        using var github = new CannedGitHub((_, _) => Answer.Error(403, "API rate limit exceeded for user ID 1.", new()
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture),
        }));

        var message = await FailureOf(() => Api(github.Url).EnsureRepositoryAsync(CancellationToken.None));

        var at = DateTimeOffset.FromUnixTimeSeconds(reset).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.Equal($"GitHub's rate limit stops reading the repository in acme/service: retry after {at} UTC (in 60 min), or use a token with a higher limit", message);
        Assert.Single(github.Requests);
    }

    [Fact]
    public async Task An_unreachable_GitHub_names_the_url()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");

        var message = await FailureOf(() => Api(url).EnsureRepositoryAsync(CancellationToken.None));

        Assert.StartsWith($"GitHub is unreachable at {url} while reading the repository (", message, StringComparison.Ordinal);
        Assert.EndsWith("): check the network and --github-api-url (GITHUB_API_URL)", message, StringComparison.Ordinal);
    }
}
