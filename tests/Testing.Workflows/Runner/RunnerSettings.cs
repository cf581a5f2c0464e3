namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// What GitHub would provide: the event and ref, configuration variables and secrets (per environment too), and what
/// <c>aws-actions/configure-aws-credentials</c> would export (the stand-in's credentials).
/// </summary>
public sealed record RunnerSettings
{
    public string EventName { get; init; } = "push";
    public string Ref { get; init; } = "refs/heads/main";
    public string Repository { get; init; } = "octo-org/pipeline";
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> EnvironmentVariables { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Exported by the configure-aws-credentials stand-in (e.g. moto's keys and endpoint), besides AWS_REGION.</summary>
    public IReadOnlyDictionary<string, string> AwsCredentials { get; init; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "stand-in",
        ["AWS_SECRET_ACCESS_KEY"] = "stand-in",
        ["AWS_SESSION_TOKEN"] = "stand-in",
    };

    /// <summary>Variables every step gets from this machine (PATH, HOME, DOTNET_ROOT…); GitHub's own are added on top.</summary>
    public IReadOnlyList<string> InheritedVariables { get; init; } = ["PATH", "HOME", "DOTNET_ROOT", "NUGET_PACKAGES", "TMPDIR", "LANG"];

    /// <summary>Given to every step as environment variables: where this machine's stand-ins listen (registry, ECS, moto).</summary>
    public IReadOnlyDictionary<string, string> MachineVariables { get; init; } = new Dictionary<string, string>();

    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs that only check and hand nothing downstream: their <c>./build.sh</c> step runs with <c>--plan</c>, their other scripts not at all.</summary>
    public IReadOnlySet<string> PlanJobs { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Jobs this run leaves out: concluded skipped without running, as when their <c>if:</c> does not hold (a shorter run
    /// of the same workflow, e.g. the first environment only); the jobs that need them are skipped in turn.
    /// </summary>
    public IReadOnlySet<string> LeftOut { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Start every job whose needs finished at once, as GitHub does; false: one job at a time.</summary>
    public bool Parallel { get; init; } = true;

    /// <summary>
    /// Jobs kept from an earlier attempt, as GitHub's "re-run failed jobs" keeps the jobs that passed: not run again; their
    /// job outputs are evaluated again from the workflow's <c>outputs:</c> over their steps' outputs.
    /// </summary>
    public IReadOnlyList<JobOutcome> Completed { get; init; } = [];

    /// <summary>
    /// Where the run's artifacts are kept; null: a folder of the runner's own. A re-run passes the earlier attempt's, as
    /// GitHub keeps the artifacts of the jobs a re-run keeps.
    /// </summary>
    public string? ArtifactStore { get; init; }

    /// <summary>GITHUB_API_URL: where a step reaches GitHub's REST API (a stand-in, or a loopback port nothing answers on).</summary>
    public string ApiUrl { get; init; } = "https://api.github.com";

    /// <summary>GITHUB_RUN_ID: the run's id (the run a job's deployment statuses point at).</summary>
    public long RunId { get; init; } = 1;

    /// <summary>
    /// What GitHub does when a job that names an <c>environment:</c> is about to run (its <c>if:</c> held): creates
    /// Actions' deployment, and for a protected environment returns only once a reviewer approved.
    /// </summary>
    public Func<EnvironmentJob, CancellationToken, Task>? EnvironmentJobStarting { get; init; }

    /// <summary>What GitHub does when such a job ended: posts Actions' own final status of its deployment.</summary>
    public Func<EnvironmentJob, JobConclusion, CancellationToken, Task>? EnvironmentJobEnded { get; init; }

    /// <summary>
    /// The commit the run is for (GITHUB_SHA, what each job checks out); null: the repository's HEAD. A run started before
    /// later commits keeps its own, as a re-run or a run that finishes late on GitHub does.
    /// </summary>
    public string? Commit { get; init; }

    /// <summary>GITHUB_ACTOR: who started the run.</summary>
    public string Actor { get; init; } = "octocat";

    /// <summary>
    /// The repository's concurrency groups: the same instance for runs that share them, as a repository's runs do on
    /// GitHub; null: this run's own.
    /// </summary>
    public ConcurrencyGroups? Concurrency { get; init; }
}
