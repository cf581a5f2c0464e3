using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Approvals;
using Pipeline.GitHub.Deployments;
using Pipeline.GitHub.Environments;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>Every request Pipeline sends, checked by <c>prism mock</c> against GitHub's own OpenAPI description.</summary>
[Collection(GitHubStandInCollection.Name)]
public class SchemaTests(GitHubStandIn standIn)
{
    [FactRequiring(Requirement.Prism)]
    public async Task Planning_and_applying_environments_send_only_requests_GitHubs_schema_accepts()
    {
        var api = standIn.Api("acme/service", stateful: false);
        var environments = new GitHubEnvironments(api, NullLogger.Instance);

        // GitHub's example environment differs from the declaration in every field: apply sends every kind of write.
        var declared = Declarations.Production with { Settings = Declarations.Production.Settings with { Secrets = new Dictionary<string, SecretSource>() } };
        var plan = await environments.PlanAsync([declared], CancellationToken.None);
        var done = await environments.ApplyAsync(plan, CancellationToken.None);

        Assert.NotEmpty(plan.Differences);
        Assert.Contains(done, line => line.Contains("protection updated", StringComparison.Ordinal));
        Assert.Contains(done, line => line.Contains("branch policy", StringComparison.Ordinal));
        Assert.Contains(done, line => line.Contains("variable AWS_REGION created", StringComparison.Ordinal));
        Assert.Contains(done, line => line.Contains("deleted (not declared)", StringComparison.Ordinal));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Deployments_statuses_history_and_reviews_send_only_requests_GitHubs_schema_accepts()
    {
        var api = standIn.Api("acme/service", stateful: false);
        var run = new ActionsRun(new Uri("https://github.com"), "acme/service", 30433642);

        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("production", "0123456789abcdef0123456789abcdef01234567", "1.4.0", "sha256:" + new string('a', 64)) { Production = true }, run, CancellationToken.None);
        await deployment.InProgressAsync(CancellationToken.None);
        await deployment.SucceededAsync(new Uri("https://service.example.com/"), CancellationToken.None);
        await deployment.FailedAsync("p99 latency 2300 ms above 2000 ms during bake " + new string('x', 200), CancellationToken.None);
        var history = await new GitHubDeploymentHistory(api).ReadAsync("production", 3, CancellationToken.None);

        var approvals = new GitHubApprovals(api);
        var waiting = await approvals.FindWaitingRunAsync("delivery.yml", CancellationToken.None);
        Assert.NotNull(waiting);
        var pending = await approvals.ListPendingAsync(waiting, CancellationToken.None);
        await approvals.ReviewAsync(waiting, pending, ReviewDecision.Approved, "Ship it", CancellationToken.None);
        await approvals.ReviewAsync(waiting, pending, ReviewDecision.Rejected, "Not today", CancellationToken.None);

        Assert.False(deployment.Adopted);
        Assert.StartsWith("GitHub deployments of 'production' in acme/service:", history[0], StringComparison.Ordinal);
        Assert.NotEmpty(pending);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task A_request_that_breaks_GitHubs_schema_fails()
    {
        var api = standIn.Api("acme/service", stateful: false);

        var wrongType = await Assert.ThrowsAsync<GitHubException>(() =>
            api.SendAsync(HttpMethod.Put, "repos/acme/service/environments/production", new { wait_timer = "soon" }, "writing environment 'production'", GitHubPermission.Administration, CancellationToken.None));
        var unknownMember = await Assert.ThrowsAsync<GitHubException>(() =>
            api.SendAsync(HttpMethod.Post, "repos/acme/service/actions/runs/5/pending_deployments", new { environment_ids = new[] { 1 }, state = "maybe", comment = "x" }, "reviewing", GitHubPermission.Review, CancellationToken.None));

        Assert.StartsWith("GitHub rejected writing environment 'production' in acme/service (422", wrongType.Message, StringComparison.Ordinal);
        Assert.StartsWith("GitHub rejected reviewing in acme/service (422", unknownMember.Message, StringComparison.Ordinal);
    }
}
