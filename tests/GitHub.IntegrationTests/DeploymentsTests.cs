using Pipeline.GitHub.Approvals;
using Pipeline.GitHub.Deployments;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Requirements;

namespace Pipeline.GitHub.IntegrationTests;

/// <summary>Deployments, statuses, history and approvals against the stateful fake behind <c>prism proxy --errors</c>.</summary>
[Collection(GitHubStandInCollection.Name)]
public class DeploymentsTests(GitHubStandIn standIn)
{
    private const string Sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    private const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

    [FactRequiring(Requirement.Prism)]
    public async Task A_deploy_then_status_shows_it_with_version_digest_url_and_state()
    {
        var api = standIn.Api("acme/deploy", stateful: true);
        var run = new ActionsRun(new Uri("https://github.com"), "acme/deploy", 555);

        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("production", Sha, "1.4.0", Digest) { Production = true }, run, CancellationToken.None);
        await deployment.InProgressAsync(CancellationToken.None);
        await deployment.SucceededAsync(new Uri("https://service.example.com/"), CancellationToken.None);
        var lines = await new GitHubDeploymentHistory(api).ReadAsync("production", 5, CancellationToken.None);

        var recorded = Assert.Single(standIn.Fake.Repository("acme/deploy").Deployments);
        Assert.Equal(new Dictionary<string, string> { ["digest"] = Digest, ["sha"] = Sha, ["version"] = "1.4.0" }, recorded.Payload);
        Assert.Equal(["in_progress", "success"], recorded.Statuses.Select(s => s.State));
        Assert.All(recorded.Statuses, s => Assert.Equal("https://github.com/acme/deploy/actions/runs/555", s.LogUrl));
        Assert.Equal("GitHub deployments of 'production' in acme/deploy:", lines[0]);
        Assert.Matches($@"^  #{recorded.Id}  \d{{4}}-\d\d-\d\d \d\d:\d\d UTC  1\.4\.0  commit 9fceb02d0ae5  success  {Digest}  https://service\.example\.com/  run 555  by octocat  ""1\.4\.0 {Digest} commit 9fceb02d0ae5: live""$", lines[1]);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task A_rolled_back_deploy_fails_with_the_reason_cut_to_140_characters()
    {
        var api = standIn.Api("acme/rollback", stateful: true);

        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("staging", Sha, "1.5.0", null), null, CancellationToken.None);
        await deployment.FailedAsync("error rate 12.5% above 5% during bake; " + new string('x', 200), CancellationToken.None);

        var status = Assert.Single(Assert.Single(standIn.Fake.Repository("acme/rollback").Deployments).Statuses);
        Assert.Equal("failure", status.State);
        Assert.Equal(140, status.Description!.Length);
        Assert.StartsWith("1.5.0 rolled back: error rate 12.5% above 5% during bake; xxx", status.Description, StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task On_Actions_the_statuses_go_to_the_deployment_GitHub_created_for_the_job()
    {
        var api = standIn.Api("acme/adopt", stateful: true);
        var fake = standIn.Fake.Repository("acme/adopt");
        var actions = new FakeDeployment(standIn.Fake.NextId(), Sha, "production", GitHubDeployments.ActionsBot, new Dictionary<string, string>());
        actions.Statuses.Add(new FakeStatus("in_progress", null, null, "https://github.com/acme/adopt/actions/runs/777/job/1", DateTimeOffset.UtcNow));
        fake.Deployments.Add(actions);

        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("production", Sha, "1.4.0", Digest), new ActionsRun(new Uri("https://github.com"), "acme/adopt", 777), CancellationToken.None);
        await deployment.SucceededAsync(new Uri("https://service.example.com/"), CancellationToken.None);

        Assert.True(deployment.Adopted);
        Assert.Equal(actions.Id, deployment.Id);
        Assert.Single(fake.Deployments);
        Assert.Equal("success", actions.Statuses[^1].State);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Approve_lists_what_the_waiting_run_would_deploy_and_approves_it()
    {
        var api = standIn.Api("acme/approve", stateful: true);
        var fake = standIn.Fake.Repository("acme/approve");
        fake.Environments["production"] = new FakeEnvironment(standIn.Fake.NextId(), "production") { WaitTimer = 0 };
        fake.Environments["production"].Reviewers.Add(("User", "octocat"));
        fake.Deployments.Add(new FakeDeployment(standIn.Fake.NextId(), Sha, "staging", "octocat", new Dictionary<string, string> { ["version"] = "1.4.0", ["digest"] = Digest, ["sha"] = Sha }));
        fake.Runs[9001] = new FakeRun(9001, Sha, "delivery.yml") { Actor = "hubot" };
        fake.Runs[9001].Pending.Add("production");
        var approvals = new GitHubApprovals(api);

        var run = await approvals.FindWaitingRunAsync("delivery.yml", CancellationToken.None);
        var pending = await approvals.ListPendingAsync(run!, CancellationToken.None);
        await approvals.ReviewAsync(run!, pending, ReviewDecision.Approved, "Ship it", CancellationToken.None);

        Assert.Equal($"production: commit 9fceb02d0ae5 (main), version 1.4.0, image {Digest}, asked by hubot; reviewers octocat", Assert.Single(pending).ToString());
        Assert.Equal([("approved", "Ship it", "octocat", "production")], fake.Runs[9001].Approvals);
        Assert.Empty(fake.Runs[9001].Pending);

        // The production deploy of that run then shows who approved it.
        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("production", Sha, "1.4.0", Digest), new ActionsRun(new Uri("https://github.com"), "acme/approve", 9001), CancellationToken.None);
        await deployment.SucceededAsync(null, CancellationToken.None);
        var lines = await new GitHubDeploymentHistory(api).ReadAsync("production", 1, CancellationToken.None);
        Assert.Contains("approved by octocat", lines[1], StringComparison.Ordinal);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task With_GitHub_Actions_own_deployment_and_final_status_Status_still_shows_version_digest_commit_and_run()
    {
        var api = standIn.Api("acme/actions", stateful: true);
        var job = standIn.Fake.QueueActionsJob("acme/actions", 31, 1, Sha, "staging");
        var run = new ActionsRun(new Uri("https://github.com"), "acme/actions", 31) { Sha = Sha };

        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("staging", Sha, "1.4.0", Digest), run, CancellationToken.None);
        await deployment.InProgressAsync(CancellationToken.None);
        await deployment.SucceededAsync(new Uri("https://staging.example.com/"), CancellationToken.None);
        FakeGitHub.EndActionsJob(job, succeeded: true, "https://staging.example.com/");
        var lines = await new GitHubDeploymentHistory(api).ReadAsync("staging", 5, CancellationToken.None);

        var recorded = Assert.Single(standIn.Fake.Repository("acme/actions").Deployments);
        Assert.Empty(recorded.Payload);
        Assert.Equal(["queued", "in_progress", "in_progress", "success", "success"], recorded.Statuses.Select(s => s.State));
        Assert.Equal("", recorded.Statuses[^1].Description); // GitHub Actions' own, last
        Assert.Equal($"1.4.0 {Digest} commit 9fceb02d0ae5: live", recorded.Statuses[^2].Description);
        Assert.Matches(
            $@"^  #{recorded.Id}  \S+ \S+ UTC  1\.4\.0  commit 9fceb02d0ae5  success  {Digest}  https://staging\.example\.com/  run 31  by github-actions\[bot\]  ""1\.4\.0 {Digest} commit 9fceb02d0ae5: live""$",
            lines[1]);
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Approve_reads_the_release_from_the_statuses_on_GitHub_Actions_own_staging_deployment()
    {
        var api = standIn.Api("acme/actions-approve", stateful: true);
        var fake = standIn.Fake.Repository("acme/actions-approve");
        fake.Environments["production"] = new FakeEnvironment(standIn.Fake.NextId(), "production");
        fake.Environments["production"].Reviewers.Add(("User", "octocat"));
        var run = new ActionsRun(new Uri("https://github.com"), "acme/actions-approve", 41) { Sha = Sha };
        var staging = standIn.Fake.QueueActionsJob("acme/actions-approve", 41, 1, Sha, "staging");
        var deployment = await new GitHubDeployments(api).StartAsync(new DeploymentRequest("staging", Sha, "1.4.0", Digest), run, CancellationToken.None);
        await deployment.InProgressAsync(CancellationToken.None);
        await deployment.SucceededAsync(null, CancellationToken.None);
        FakeGitHub.EndActionsJob(staging, succeeded: true, null);
        var production = standIn.Fake.QueueActionsJob("acme/actions-approve", 41, 2, Sha, "production");
        var approvals = new GitHubApprovals(api);

        var waiting = await approvals.FindWaitingRunAsync("delivery.yml", CancellationToken.None);
        var pending = await approvals.ListPendingAsync(waiting!, CancellationToken.None);
        await approvals.ReviewAsync(waiting!, pending, ReviewDecision.Approved, "Ship it", CancellationToken.None);

        Assert.Equal(41, waiting!.Id);
        Assert.Equal($"production: commit 9fceb02d0ae5 (main), version 1.4.0, image {Digest}, asked by hubot; reviewers octocat", Assert.Single(pending).ToString());
        Assert.Equal(["queued", "in_progress"], production.Deployment.Statuses.Select(s => s.State));
    }

    [FactRequiring(Requirement.Prism)]
    public async Task Approve_shows_a_promote_run_the_digest_it_promotes_with_that_images_version_and_commit_not_the_newest_image_of_the_runs_commit()
    {
        const string Built = "1f0c2d3e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";
        const string Newer = "sha256:0000000000000000000000000000000000000000000000000000000000000abc";
        var api = standIn.Api("acme/promote-approve", stateful: true);
        var fake = standIn.Fake.Repository("acme/promote-approve");
        fake.Environments["production"] = new FakeEnvironment(standIn.Fake.NextId(), "production");
        fake.Environments["production"].Reviewers.Add(("User", "octocat"));
        var deployments = new GitHubDeployments(api);
        foreach (var (sha, version, digest) in new[] { (Built, "1.4.0", Digest), (Sha, "1.5.0", Newer) })
        {
            var staging = await deployments.StartAsync(new DeploymentRequest("staging", sha, version, digest), null, CancellationToken.None);
            await staging.SucceededAsync(null, CancellationToken.None);
        }

        // The promote run is dispatched on the newest commit; its run-name carries the image it promotes.
        standIn.Fake.QueueActionsJob("acme/promote-approve", 52, 1, Sha, "production", "promote.yml", $"Promote 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@{Digest} to production");
        var approvals = new GitHubApprovals(api);

        var pending = await approvals.ListPendingAsync(await approvals.GetRunAsync(52, CancellationToken.None), CancellationToken.None);

        Assert.Equal(
            $"production: promotes the image of commit 1f0c2d3e4a5b (run on 9fceb02d0ae5 (main)), version 1.4.0, image {Digest}, asked by hubot; reviewers octocat",
            Assert.Single(pending).ToString());
    }

    [FactRequiring(Requirement.Prism)]
    public async Task A_deploy_that_stops_with_an_error_ends_its_deployment_error_and_a_rollback_is_recorded_as_a_deployment()
    {
        var api = standIn.Api("acme/errors", stateful: true);
        var deployments = new GitHubDeployments(api);

        var failed = await deployments.StartAsync(new DeploymentRequest("staging", Sha, "1.6.0", Digest), null, CancellationToken.None);
        await failed.InProgressAsync(CancellationToken.None);
        await failed.ErrorAsync("the ECS endpoint refused the connection", CancellationToken.None);
        var putBack = await deployments.StartAsync(new DeploymentRequest("staging", Sha, "1.5.0", Digest), null, CancellationToken.None);
        await putBack.PutBackAsync(new Uri("https://staging.example.com/"), CancellationToken.None);
        var lines = await new GitHubDeploymentHistory(api).ReadAsync("staging", 5, CancellationToken.None);

        var recorded = standIn.Fake.Repository("acme/errors").Deployments;
        Assert.Equal(["in_progress", "error"], recorded[0].Statuses.Select(s => s.State));
        Assert.Equal("1.6.0 did not finish: the ECS endpoint refused the connection", recorded[0].Statuses[^1].Description);
        Assert.Equal("1.5.0", recorded[1].Payload["version"]);
        Assert.Contains($"  1.5.0  commit 9fceb02d0ae5  success  {Digest}  https://staging.example.com/  by octocat  \"1.5.0 {Digest} commit 9fceb02d0ae5: put back by Rollback\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("  1.6.0  commit 9fceb02d0ae5  error  ", lines[2], StringComparison.Ordinal);
    }
}
