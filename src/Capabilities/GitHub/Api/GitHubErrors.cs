using System.Net;
using Octokit;

namespace Pipeline.GitHub.Api;

/// <summary>Turns what Octokit throws into one line: what failed, where, and what to do.</summary>
internal static class GitHubErrors
{
    public static GitHubException Describe(Exception exception, string what, GitHubPermission permission, GitHubOptions options) => exception switch
    {
        AuthorizationException => new GitHubException(
            $"GitHub rejected the token while {what} (401 {Message((ApiException)exception)}): provide a valid token with --github-token or GITHUB_TOKEN", exception),
        ApiException { StatusCode: HttpStatusCode.Forbidden } api => new GitHubException(
            $"GitHub refused {what} in {options.Repository} (403 {Message(api)}): the token needs {permission}", exception),
        NotFoundException => new GitHubException(
            $"GitHub found nothing while {what} in {options.Repository} (404): check --github-repository, and that the token can see the repository and has {permission}", exception),
        ApiValidationException api => new GitHubException($"GitHub rejected {what} in {options.Repository} (422 {Message(api)})", exception),
        ApiException api => new GitHubException($"GitHub answered {(int)api.StatusCode} while {what} in {options.Repository}: {Message(api)}", exception),
        HttpRequestException or TaskCanceledException or TimeoutException => new GitHubException(
            $"GitHub is unreachable at {options.ApiUrl} while {what} ({Innermost(exception)}): check the network and --github-api-url (GITHUB_API_URL)", exception),
        _ => new GitHubException($"GitHub call failed while {what}: {Innermost(exception)}", exception),
    };

    private static string Message(ApiException exception)
    {
        // A body that is not GitHub's {message, errors} (a proxy's, a stand-in's) is the only clue: keep its start.
        var message = exception.ApiError?.Message
            ?? (exception.HttpResponse?.Body is string { Length: > 0 } body ? (body.Length > 600 ? body[..600] + "…" : body) : exception.Message);
        if (exception.ApiError?.Errors is { Count: > 0 } errors)
        {
            message += ": " + string.Join("; ", errors.Select(e => e.Message ?? $"{e.Field} {e.Code}"));
        }

        return message.ReplaceLineEndings(" ").Trim();
    }

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception.Message.ReplaceLineEndings(" ").Trim();
    }
}
