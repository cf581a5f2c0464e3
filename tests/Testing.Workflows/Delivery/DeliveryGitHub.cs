using System.Collections.Concurrent;
using Pipeline.Components;
using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Foundation.Polling;
using Pipeline.GitHub.StandIn;
using Pipeline.Testing.Workflows.Runner;

namespace Pipeline.Testing.Workflows.Delivery;

/// <summary>
/// GitHub around the delivery run: the GitHub stand-in (GitHub's OpenAPI description served by Prism in front of the
/// stateful fake) holding the repository's environments, production behind a required reviewer; around each job that
/// names an environment it does what GitHub Actions does (its own deployment when the job is queued, the job held until
/// a reviewer approves, its own final status when the job ends); and a reviewer runs the <c>Approve</c> target against
/// it once the run waits.
/// </summary>
public sealed class DeliveryGitHub : IAsyncDisposable
{
    public const long RunId = 4242;
    public const string Reviewer = "octocat";

    private readonly ConcurrentDictionary<string, ActionsJob> _jobs = new(StringComparer.Ordinal);
    private readonly string _approverRoot = Directory.CreateTempSubdirectory("delivery-approver-").FullName;
    private long _jobIds;

    private DeliveryGitHub(GitHubStandIn standIn) => StandIn = standIn;

    public GitHubStandIn StandIn { get; }

    public string Repository { get; } = $"octo-org/pipeline-{Guid.NewGuid().ToString("N")[..8]}";

    public FakeRepository State => StandIn.Fake.Repository(Repository);

    public static async Task<DeliveryGitHub> StartAsync(IReadOnlyList<string> environments, string reviewed)
    {
        var standIn = new GitHubStandIn();
        await standIn.InitializeAsync();
        var github = new DeliveryGitHub(standIn);
        Assert.True(standIn.Failure is null, $"the GitHub stand-in did not start: {standIn.Failure}");
        foreach (var name in environments)
        {
            var environment = new FakeEnvironment(standIn.Fake.NextId(), name);
            if (name == reviewed)
            {
                environment.Reviewers.Add(("User", Reviewer));
            }

            github.State.Environments[name] = environment;
        }

        return github;
    }

    /// <summary>
    /// The run's settings with GitHub live: the API the jobs reach, the run id (each workflow run its own), and Actions'
    /// behaviour around environment jobs.
    /// </summary>
    public RunnerSettings Wire(RunnerSettings settings, long runId = RunId) => settings with
    {
        Repository = Repository,
        ApiUrl = StandIn.ProxyUrl.ToString(),
        RunId = runId,
        EnvironmentJobStarting = StartingAsync,
        EnvironmentJobEnded = EndedAsync,
    };

    /// <summary>
    /// Waits until run <paramref name="runId"/> waits for review, then runs <c>Approve</c> as the reviewer (with
    /// <c>--run-id</c> for a run other than the delivery run, unless <paramref name="findRun"/>: then <c>Approve</c>
    /// finds the newest waiting run itself); its exit code and output.
    /// </summary>
    public async Task<(int Code, string Output)> ApproveWhenWaitingAsync(CancellationToken cancellationToken, long runId = RunId, bool findRun = false)
    {
        await WaitForReviewAsync(runId, cancellationToken);
        Directory.CreateDirectory(Path.Combine(_approverRoot, ".nuke"));
        var output = new StringWriter { NewLine = "\n" };
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "reviewer-token",
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_API_URL"] = StandIn.ProxyUrl.ToString(),
        };
        string[] arguments = runId == RunId || findRun ? ["Approve", "--comment", "Ship it"] : ["Approve", "--comment", "Ship it", "--run-id", $"{runId}"];
        var code = await BuildSession.RunAsync(new ReviewerBuild(), arguments, [], new BuildOptions
        {
            RootDirectory = _approverRoot,
            Environment = environment,
            Output = output,
            CancellationToken = cancellationToken,
        });
        return (code, output.ToString());
    }

    /// <summary>Returns once run <paramref name="runId"/> waits for a reviewer.</summary>
    public Task WaitForReviewAsync(long runId, CancellationToken cancellationToken) =>
        Poll.UntilAsync(
            _ => Task.FromResult(Waiting(runId)),
            waiting => waiting,
            PollSchedule.Every(TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(40)),
            $"run {runId} to wait for review",
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StandIn.DisposeAsync();
        Directory.Delete(_approverRoot, recursive: true);
    }

    private async Task StartingAsync(EnvironmentJob job, CancellationToken cancellationToken)
    {
        _jobs[$"{job.RunId}/{job.Job}"] = StandIn.Fake.QueueActionsJob(Repository, job.RunId, Interlocked.Increment(ref _jobIds), job.Sha, job.Environment, job.Workflow, job.RunName);
        await Poll.UntilAsync(
            _ => Task.FromResult(Pending(job.RunId, job.Environment)),
            pending => !pending,
            PollSchedule.Every(TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(40)),
            $"a reviewer to approve {job.Environment} in run {job.RunId}",
            cancellationToken);
    }

    private Task EndedAsync(EnvironmentJob job, JobConclusion conclusion, CancellationToken cancellationToken)
    {
        var actionsJob = _jobs[$"{job.RunId}/{job.Job}"];
        if (conclusion == JobConclusion.Cancelled)
        {
            FakeGitHub.CancelActionsJob(actionsJob);
        }
        else
        {
            FakeGitHub.EndActionsJob(actionsJob, conclusion == JobConclusion.Success, job.Url);
        }

        return Task.CompletedTask;
    }

    private bool Pending(long runId, string environment)
    {
        lock (State)
        {
            return State.Runs.TryGetValue(runId, out var run) && run.Pending.Contains(environment);
        }
    }

    private bool Waiting(long runId)
    {
        lock (State)
        {
            return State.Runs.TryGetValue(runId, out var run) && run.Status == "waiting";
        }
    }

    /// <summary>The reviewer's side: a build with the GitHub targets, nothing else.</summary>
    private sealed class ReviewerBuild : PipelineBuild, IGitHub;
}
