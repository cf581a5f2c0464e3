using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Approvals;
using Pipeline.GitHub.Deployments;
using Pipeline.GitHub.Environments;
using Sodium;
using static Pipeline.GitHub.Tests.CannedGitHub;

namespace Pipeline.GitHub.Tests;

/// <summary>What Pipeline sends for each kind of change: paths, methods and bodies, against a canned GitHub.</summary>
public class RequestShapeTests
{
    private const string Repository = """{"id":1,"name":"service","full_name":"acme/service","owner":{"login":"acme","id":1},"private":false}""";
    private const string User = """{"login":"octocat","id":1,"type":"User"}""";
    private const string Team = """{"id":10,"slug":"ops","name":"ops"}""";
    private static readonly KeyPair Keys = PublicKeyBox.GenerateKeyPair();

    private static GitHubApi Api(Uri url) => new(new GitHubOptions("token", new GitHubRepository("acme", "service")) { ApiUrl = url }, NullLogger.Instance);

    private static readonly string ExistingEnvironment = """
        {"id":5,"name":"production","protection_rules":[
          {"id":1,"node_id":"a","type":"required_reviewers","prevent_self_review":false,"reviewers":[{"type":"User","reviewer":{"login":"hubot","id":2}}]}],
         "deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}}
        """;

    private static Answer GitHubWithDrift(Received request, int _) => (request.Method, request.Path) switch
    {
        ("GET", "/repos/acme/service") => Answer.Ok(Repository),
        ("GET", "/users/octocat") => Answer.Ok(User),
        ("GET", "/orgs/acme/teams/ops") => Answer.Ok(Team),
        ("GET", "/repos/acme/service/environments/production") => Answer.Ok(ExistingEnvironment),
        ("GET", "/repos/acme/service/environments/production/deployment-branch-policies") => Answer.Ok("""{"total_count":2,"branch_policies":[{"id":7,"name":"old/*","type":"branch"},{"id":8,"name":"main","type":"branch"}]}"""),
        ("GET", "/repos/acme/service/environments/production/variables") => Answer.Ok("""{"total_count":2,"variables":[{"name":"AWS_REGION","value":"us-east-1"},{"name":"OLD","value":"x"}]}"""),
        ("GET", "/repos/acme/service/environments/production/secrets") => Answer.Ok("""{"total_count":1,"secrets":[{"name":"LEGACY"}]}"""),
        ("GET", "/repos/acme/service/environments/production/secrets/public-key") => Answer.Ok($$"""{"key_id":"k-1","key":"{{Convert.ToBase64String(Keys.PublicKey)}}"}"""),
        ("PUT", "/repos/acme/service/environments/production") => Answer.Ok(ExistingEnvironment),
        ("POST", _) => new Answer(201, "{}"),
        ("PUT", _) => new Answer(201, "{}"),
        _ => Answer.NoContent,
    };

    [Fact]
    public async Task Apply_sends_each_change_once_with_GitHubs_shapes()
    {
        using var github = new CannedGitHub(GitHubWithDrift);
        var environments = new GitHubEnvironments(Api(github.Url), NullLogger.Instance);
        var declared = new GitHubEnvironmentSpec("production", new GitHubEnvironmentSettings
        {
            Reviewers = ["octocat", "acme/ops"],
            PreventSelfReview = true,
            WaitTimer = TimeSpan.FromMinutes(30),
            BranchPolicy = new DeploymentBranchPolicy { BranchPatterns = ["main"], TagPatterns = ["v*"] },
            Variables = new Dictionary<string, string> { ["AWS_REGION"] = "eu-west-1", ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/deploy" },
            Secrets = new Dictionary<string, SecretSource> { ["DB_PASSWORD"] = new("X_DB_PASSWORD") },
        });
        string? Value(string name) => name == "X_DB_PASSWORD" ? "pa55word" : null;

        var plan = await environments.PlanAsync([declared], CancellationToken.None, Value);
        var done = await environments.ApplyAsync(plan, CancellationToken.None, Value);

        var writes = github.Calls.Where(r => r.Method != "GET").ToList();
        Assert.Equal(
            [
                "PUT /repos/acme/service/environments/production",
                "POST /repos/acme/service/environments/production/deployment-branch-policies",
                "DELETE /repos/acme/service/environments/production/deployment-branch-policies/7",
                "PATCH /repos/acme/service/environments/production/variables/AWS_REGION",
                "POST /repos/acme/service/environments/production/variables",
                "DELETE /repos/acme/service/environments/production/variables/OLD",
                "PUT /repos/acme/service/environments/production/secrets/DB_PASSWORD",
                "DELETE /repos/acme/service/environments/production/secrets/LEGACY",
            ],
            writes.Select(w => w.ToString()));
        Assert.All(writes.Where(w => w.Body.Length > 0), w => Assert.StartsWith("application/json", w.ContentType, StringComparison.Ordinal));
        Assert.Equal(
            """{"wait_timer":30,"prevent_self_review":true,"reviewers":[{"type":"User","id":1},{"type":"Team","id":10}],"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true}}""",
            writes[0].Body);
        Assert.Equal("""{"name":"v*","type":"tag"}""", writes[1].Body);
        Assert.Equal("""{"name":"AWS_REGION","value":"eu-west-1"}""", writes[3].Body);
        var secret = JsonNode.Parse(writes[6].Body)!;
        Assert.Equal("k-1", secret["key_id"]!.GetValue<string>());
        Assert.Equal("pa55word", System.Text.Encoding.UTF8.GetString(SealedPublicKeyBox.Open(Convert.FromBase64String(secret["encrypted_value"]!.GetValue<string>()), Keys.PrivateKey, Keys.PublicKey)));
        Assert.DoesNotContain(github.Calls, r => r.Body.Contains("pa55word", StringComparison.Ordinal));
        Assert.Equal(8, done.Count);
        Assert.Equal("environment 'production': protection updated (reviewers, prevent_self_review, wait_timer)", done[0]);
    }

    [Fact]
    public async Task Any_branch_is_sent_as_a_null_policy()
    {
        using var github = new CannedGitHub(GitHubWithDrift);
        var environments = new GitHubEnvironments(Api(github.Url), NullLogger.Instance);
        var plan = await environments.PlanAsync([new GitHubEnvironmentSpec("production", new GitHubEnvironmentSettings())], CancellationToken.None, _ => null);

        await environments.ApplyAsync(plan, CancellationToken.None, _ => null);

        var put = github.Calls.First(r => r.Method == "PUT");
        Assert.Equal("""{"wait_timer":0,"prevent_self_review":false,"reviewers":[],"deployment_branch_policy":null}""", put.Body);
        Assert.DoesNotContain(github.Calls, r => r.Path.Contains("deployment-branch-policies/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deployment_and_its_statuses_carry_commit_version_digest_urls_and_reason()
    {
        using var github = new CannedGitHub((request, _) => request.Path.EndsWith("/statuses", StringComparison.Ordinal)
            ? new Answer(201, """{"id":1,"state":"success"}""")
            : request.Method == "POST" ? new Answer(201, """{"id":42,"sha":"abc","ref":"abc","environment":"production"}""") : Answer.Ok("[]"));
        var run = new ActionsRun(new Uri("https://github.com"), "acme/service", 7);

        var deployment = await new GitHubDeployments(Api(github.Url)).StartAsync(new DeploymentRequest("production", "abc", "1.4.0", "sha256:feed") { Production = true }, run, CancellationToken.None);
        await deployment.InProgressAsync(CancellationToken.None);
        await deployment.SucceededAsync(new Uri("https://service.example.com/"), CancellationToken.None);
        await deployment.FailedAsync(new string('r', 300), CancellationToken.None);

        var created = JsonNode.Parse(github.Calls.Single(r => r.Path == "/repos/acme/service/deployments" && r.Method == "POST").Body)!;
        Assert.Equal("abc", created["ref"]!.GetValue<string>());
        Assert.Equal("production", created["environment"]!.GetValue<string>());
        Assert.False(created["auto_merge"]!.GetValue<bool>());
        Assert.Empty(created["required_contexts"]!.AsArray());
        Assert.True(created["production_environment"]!.GetValue<bool>());
        Assert.False(created["transient_environment"]!.GetValue<bool>());
        Assert.Equal("""{"digest":"sha256:feed","sha":"abc","version":"1.4.0"}""", created["payload"]!.ToJsonString());
        var statuses = github.Calls.Where(r => r.Path == "/repos/acme/service/deployments/42/statuses").Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(["in_progress", "success", "failure"], statuses.Select(s => s["state"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal("https://github.com/acme/service/actions/runs/7", s["log_url"]!.GetValue<string>()));
        Assert.Equal("https://service.example.com/", statuses[1]["environment_url"]!.GetValue<string>());
        Assert.Equal(140, statuses[2]["description"]!.GetValue<string>().Length);
        Assert.StartsWith("1.4.0 rolled back: rrr", statuses[2]["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_posts_environment_ids_state_and_comment()
    {
        using var github = new CannedGitHub((request, _) => (request.Method, request.Path) switch
        {
            ("GET", "/repos/acme/service") => Answer.Ok(Repository),
            ("GET", "/repos/acme/service/actions/workflows/delivery.yml/runs") => Answer.Ok("""{"total_count":1,"workflow_runs":[{"id":99,"head_sha":"abcdef0123456789","head_branch":"main","actor":{"login":"hubot"}}]}"""),
            ("GET", "/repos/acme/service/actions/runs/99/pending_deployments") => Answer.Ok("""[{"environment":{"id":5,"name":"production"},"wait_timer":0,"current_user_can_approve":true,"reviewers":[{"type":"Team","reviewer":{"slug":"ops"}}]}]"""),
            ("GET", "/repos/acme/service/deployments") => Answer.Ok("""[{"id":3,"environment":"staging","payload":"{\"version\":\"1.4.0\",\"digest\":\"sha256:feed\"}"}]"""),
            _ => Answer.Ok("[]"),
        });
        var approvals = new GitHubApprovals(Api(github.Url));

        var run = await approvals.FindWaitingRunAsync("delivery.yml", CancellationToken.None);
        var pending = await approvals.ListPendingAsync(run!, CancellationToken.None);
        await approvals.ReviewAsync(run!, pending, ReviewDecision.Rejected, "Not during the freeze", CancellationToken.None);

        Assert.Contains(github.Calls, r => r.Path.EndsWith("/runs", StringComparison.Ordinal) && r.Query.Contains("status=waiting", StringComparison.Ordinal));
        Assert.Equal("production: commit abcdef012345 (main), version 1.4.0, image sha256:feed, asked by hubot; reviewers ops", Assert.Single(pending).ToString());
        Assert.Equal("""{"environment_ids":[5],"state":"rejected","comment":"Not during the freeze"}""", github.Calls.Single(r => r.Method == "POST").Body);
    }

    [Fact]
    public async Task History_shows_each_deployments_latest_status_and_approver()
    {
        using var github = new CannedGitHub((request, _) => request.Path switch
        {
            "/repos/acme/service/deployments" => Answer.Ok("""[{"id":3,"sha":"abcdef0123456789","created_at":"2026-11-29T21:00:00Z","payload":{"version":"1.4.0"},"creator":{"login":"github-actions[bot]"}},{"id":2,"sha":"0123456789abcdef","created_at":"2026-11-28T10:00:00Z","payload":{},"creator":{"login":"octocat"}}]"""),
            "/repos/acme/service/deployments/3/statuses" => Answer.Ok("""[{"state":"success","environment_url":"https://service.example.com/","log_url":"https://github.com/acme/service/actions/runs/99/job/1","description":"1.4.0 is live"}]"""),
            "/repos/acme/service/actions/runs/99/approvals" => Answer.Ok("""[{"state":"approved","comment":"ok","environments":[{"name":"production"}],"user":{"login":"alice"}}]"""),
            _ => Answer.Ok("[]"),
        });

        var lines = await new GitHubDeploymentHistory(Api(github.Url)).ReadAsync("production", 5, CancellationToken.None);

        Assert.Equal(
            [
                "GitHub deployments of 'production' in acme/service:",
                "  #3  2026-11-29 21:00 UTC  1.4.0  commit abcdef012345  success  https://service.example.com/  run 99  approved by alice  \"1.4.0 is live\"",
                "  #2  2026-11-28 10:00 UTC  version ?  commit 0123456789ab  no status  by octocat",
            ],
            lines);
        Assert.Contains(github.Calls, r => r.Query.Contains("environment=production", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_json_is_snake_case_without_nulls()
    {
        Assert.Equal("""{"key_id":"k"}""", JsonSerializer.Serialize(new { KeyId = "k", Missing = (string?)null }, GitHubJson.Options));
    }
}
