using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Deployments;
using static Pipeline.GitHub.Tests.CannedGitHub;

namespace Pipeline.GitHub.Tests;

/// <summary>
/// github.com reports a deployment whose job waits for a reviewer with the status <c>waiting</c>, a state GitHub's OpenAPI
/// description leaves out of its enum (so the stand-in behind Prism cannot answer it): Pipeline reads it as open.
/// </summary>
public sealed class WaitingStateTests
{
    private const string Sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";

    [Fact]
    public async Task A_deployment_of_GitHub_Actions_whose_status_is_waiting_is_adopted_by_the_deploy_of_its_run()
    {
        using var github = new CannedGitHub((request, _) => request.Path switch
        {
            "/repos/acme/service" => Answer.Ok("""{"id":1,"name":"service","full_name":"acme/service","owner":{"login":"acme","id":1},"private":false}"""),
            "/repos/acme/service/deployments" when request.Method == "GET" => Answer.Ok($$$"""[{"id":7,"sha":"{{{Sha}}}","environment":"production","creator":{"login":"github-actions[bot]"},"payload":{}}]"""),
            "/repos/acme/service/deployments/7/statuses" => Answer.Ok("""[{"id":70,"state":"waiting","description":"","log_url":"https://github.com/acme/service/actions/runs/31/job/1"}]"""),
            _ => Answer.Error(404, "Not Found"),
        });
        var api = new GitHubApi(new GitHubOptions("token", new GitHubRepository("acme", "service")) { ApiUrl = github.Url, RequestTimeout = TimeSpan.FromSeconds(5) }, NullLogger.Instance);

        var deployment = await new GitHubDeployments(api).StartAsync(
            new DeploymentRequest("production", Sha, "1.4.0", null), new ActionsRun(new Uri("https://github.com"), "acme/service", 31) { Sha = Sha }, CancellationToken.None);

        Assert.Equal((7, true), (deployment.Id, deployment.Adopted));
        Assert.DoesNotContain(github.Calls, c => c.Method == "POST" && c.Path == "/repos/acme/service/deployments");
    }
}
