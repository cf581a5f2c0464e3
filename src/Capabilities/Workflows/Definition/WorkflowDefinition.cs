using Pipeline.Workflows.Model;

namespace Pipeline.Workflows.Definition;

/// <summary>
/// A workflow declared against the target graph; written to <c>.github/workflows/&lt;FileName&gt;.yml</c>.
/// Immutable: <c>Job</c> and <c>Deploy</c> return a new definition.
/// <code>
/// new WorkflowDefinition("ci") { On = new() { PullRequest = new() } }
///     .Job("lint", ["Lint"])
///     .Job("test", ["Test"], testReports: true)
/// </code>
/// </summary>
public sealed record WorkflowDefinition(string FileName)
{
    /// <summary>The display name; the file name when null.</summary>
    public string? Name { get; init; }

    /// <summary>The <c>run-name</c>: the title each run shows (GitHub's API: <c>display_title</c>); the default title when null.</summary>
    public string? RunName { get; init; }

    public WorkflowTriggers On { get; init; } = new();
    public Permissions Permissions { get; init; } = Permissions.None;
    public Concurrency? Concurrency { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Secrets the workflow may reference as <c>${{ secrets.NAME }}</c>; any other reference is an error.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>
    /// Targets whose effect stays on the runner (Restore, Compile): every job that needs them runs them again instead
    /// of skipping them because an upstream job ran them.
    /// </summary>
    public IReadOnlyList<string> RepeatedTargets { get; init; } = [];

    public IReadOnlyList<JobDefinition> Jobs { get; init; } = [];

    /// <summary>
    /// Compile the build project once per run, in a first job (<c>build-project</c>), and hand it to every job on the
    /// same runner image, which then starts the build without compiling it (<see cref="Generation.SharedBuildProject"/>).
    /// </summary>
    public bool CompileBuildOnce { get; init; }

    public WorkflowDefinition Job(JobDefinition job) => this with { Jobs = [.. Jobs, job] };

    public WorkflowDefinition Job(
        string id,
        IReadOnlyList<string> targets,
        IReadOnlyList<string>? needs = null,
        IReadOnlyList<string>? outputs = null,
        bool testReports = false,
        JobCredentials? credentials = null,
        Func<JobDefinition, JobDefinition>? configure = null)
    {
        var job = new JobDefinition(id, targets)
        {
            Needs = needs ?? [],
            Outputs = outputs ?? [],
            TestReports = testReports,
            Credentials = credentials,
        };
        return Job(configure is null ? job : configure(job));
    }

    /// <summary>A job running a reusable workflow (<c>uses:</c>): <c>./.github/workflows/x.yml</c>, or another repository's pinned by SHA.</summary>
    public WorkflowDefinition Call(string id, WorkflowCall call, IReadOnlyList<string>? needs = null, string? condition = null) =>
        Job(new JobDefinition(id, []) { Calls = call, Needs = needs ?? [], If = condition });

    /// <summary>
    /// A deploy job: GitHub environment <paramref name="environment"/> (its protection rules are the approval gate),
    /// <c>concurrency: deploy-&lt;environment&gt;</c> without cancelling, optionally an AWS role (from the environment's variables),
    /// and <c>--environment &lt;environment&gt;</c> plus <paramref name="parameters"/> passed to the build.
    /// </summary>
    public WorkflowDefinition Deploy(
        string id,
        IReadOnlyList<string> targets,
        string environment,
        IReadOnlyList<string>? needs = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        string? url = null,
        string? condition = null,
        JobCredentials? credentials = null,
        Func<JobDefinition, JobDefinition>? configure = null)
    {
        var allParameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["environment"] = environment };
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            allParameters[name] = value;
        }

        var job = new JobDefinition(id, targets)
        {
            IsDeployment = true,
            Environment = new JobEnvironment(environment, url),
            Concurrency = new Concurrency($"deploy-{environment}", CancelInProgress: false),
            Needs = needs ?? [],
            If = condition,
            Parameters = allParameters,
            Credentials = credentials,
        };
        return Job(configure is null ? job : configure(job));
    }
}
