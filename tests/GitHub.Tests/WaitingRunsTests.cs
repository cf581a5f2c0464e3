using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.GitHub.Api;
using Pipeline.GitHub.Approvals;
using static Pipeline.GitHub.Tests.CannedGitHub;

namespace Pipeline.GitHub.Tests;

/// <summary>
/// The run <c>Approve</c> and <c>Reject</c> review without <c>--run-id</c>: the newest waiting one among every workflow
/// searched, the others named with their <c>--run-id</c>, and a refusal naming every workflow when none waits.
/// </summary>
public class WaitingRunsTests
{
    private const string Repository = """{"id":1,"name":"service","full_name":"acme/service","owner":{"login":"acme","id":1},"private":false}""";

    private static readonly DateTimeOffset Morning = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static WorkflowRun Run(long id, string workflow, int minutes, string? title = null) =>
        new(id, "abcdef0123456789", "main", "hubot", title, $"https://github.com/acme/service/actions/runs/{id}")
        {
            Workflow = workflow,
            Created = Morning.AddMinutes(minutes),
        };

    [Fact]
    public void The_newest_run_is_chosen_by_creation_time_whatever_its_workflow_and_the_others_are_listed_with_their_run_id()
    {
        var waiting = new WaitingRuns(
            ["delivery.yml", "promote.yml", "rollback.yml"],
            [Run(12, "delivery.yml", 0, "Deliver abcdef0"), Run(9, "promote.yml", 30, "Promote app@sha256:feed to production"), Run(11, "rollback.yml", 5)]);

        Assert.Equal(9, waiting.Newest?.Id);
        Assert.Equal(
            [
                "3 runs wait for review; this reviews the newest, run 9 of promote.yml \"Promote app@sha256:feed to production\" created 2026-12-05 08:30 UTC. Left waiting (pass --run-id to review one of them instead):",
                "  --run-id 11  rollback.yml  created 2026-12-05 08:05 UTC  https://github.com/acme/service/actions/runs/11",
                "  --run-id 12  delivery.yml  \"Deliver abcdef0\"  created 2026-12-05 08:00 UTC  https://github.com/acme/service/actions/runs/12",
            ],
            waiting.Choice());
    }

    [Fact]
    public void A_single_waiting_run_needs_no_choice_and_none_waiting_names_every_workflow_searched()
    {
        var one = new WaitingRuns(["delivery.yml", "promote.yml"], [Run(3, "promote.yml", 0)]);
        var none = new WaitingRuns(["delivery.yml", "promote.yml", "rollback.yml"], [], ["rollback.yml"]);

        Assert.Equal(3, one.Newest?.Id);
        Assert.Empty(one.Choice());
        Assert.Null(none.Newest);
        Assert.Equal(
            "no run of delivery.yml, promote.yml or rollback.yml is waiting for review (GitHub knows no workflow rollback.yml in this repository); pass --run-id to review another run",
            none.NothingWaiting);
    }

    [Fact]
    public void Runs_created_in_the_same_second_are_ordered_by_run_id()
    {
        var waiting = new WaitingRuns(["delivery.yml", "promote.yml"], [Run(41, "delivery.yml", 0), Run(42, "promote.yml", 0), Run(40, "promote.yml", 0)]);

        Assert.Equal([42, 41, 40], waiting.Runs.Select(r => r.Id));
    }

    [Fact]
    public async Task Every_workflow_is_asked_for_its_waiting_runs_and_one_GitHub_does_not_know_is_skipped()
    {
        using var github = new CannedGitHub((request, _) => (request.Method, request.Path) switch
        {
            ("GET", "/repos/acme/service") => Answer.Ok(Repository),
            ("GET", "/repos/acme/service/actions/workflows/delivery.yml/runs") => Answer.Ok("""{"total_count":1,"workflow_runs":[{"id":20,"head_sha":"abc","created_at":"2026-12-05T08:00:00Z","display_title":"Deliver abc"}]}"""),
            ("GET", "/repos/acme/service/actions/workflows/promote.yml/runs") => Answer.Ok("""{"total_count":1,"workflow_runs":[{"id":19,"head_sha":"abc","created_at":"2026-12-05T08:10:00Z","display_title":"Promote app@sha256:feed to production"}]}"""),
            _ => Answer.Error(404, "Not Found"),
        });
        var approvals = new GitHubApprovals(new GitHubApi(new GitHubOptions("token", new GitHubRepository("acme", "service")) { ApiUrl = github.Url }, NullLogger.Instance));

        var waiting = await approvals.FindWaitingRunsAsync(["delivery.yml", "promote.yml", "rollback.yml"], CancellationToken.None);

        Assert.Equal([19, 20], waiting.Runs.Select(r => r.Id));
        Assert.Equal(["promote.yml", "delivery.yml"], waiting.Runs.Select(r => r.Workflow));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 8, 10, 0, TimeSpan.Zero), waiting.Newest?.Created);
        Assert.Equal(["rollback.yml"], waiting.Missing);
        var listed = github.Calls.Where(r => r.Path.EndsWith("/runs", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, listed.Count);
        Assert.All(listed, r => Assert.Contains("status=waiting", r.Query, StringComparison.Ordinal));
    }
}
